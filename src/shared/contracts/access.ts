// The signed-in user (GET /api/session) and personal API tokens (GET/POST /api/tokens,
// DELETE /api/tokens/{id}).
import { z } from 'zod';

export const TOKEN_NAME_MAX = 100;
/** At most this many tokens per owner. */
export const TOKENS_PER_OWNER_MAX = 50;

export const ApiTokenInputSchema = z.strictObject({
  name: z
    .string({ error: 'must be a text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(TOKEN_NAME_MAX, { error: `must have at most ${TOKEN_NAME_MAX} characters` }),
  /** Epoch ms after which the token is refused; absent: it lasts until revoked. */
  expires_at: z
    .number({ error: 'must be epoch milliseconds' })
    .int({ error: 'must be epoch milliseconds' })
    .positive({ error: 'must be epoch milliseconds' })
    .optional(),
});
export type ApiTokenInput = z.infer<typeof ApiTokenInputSchema>;

export const ApiTokenIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'must be a token id' });
