// Builders for JSON body fields that several inputs share (a token's, a saved view's and a
// rule's name; a view's and a rule's list query), each wording its errors once so that the BFF's
// `field + " " + message` reads as a sentence.
import { z } from 'zod';

/** A name, trimmed, from 1 to `max` characters. */
export function nameField(max: number) {
  return z
    .string({ error: 'must be a text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must have at most ${max} characters` });
}

/** A list page's filters as its query string (what the page's URL holds), without `?`. */
export function listQueryField(max: number) {
  return z
    .string({ error: 'must be a query string' })
    .max(max, { error: `must have at most ${max} characters` })
    .refine((value) => !value.startsWith('?'), { error: 'must not start with ?' });
}
