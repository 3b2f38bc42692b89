// The signed-in user (GET /api/session) and personal API tokens (GET/POST /api/tokens,
// DELETE /api/tokens/{id}).
import { z } from 'zod';
import { nameField } from './body-fields';

export const TOKEN_NAME_MAX = 100;
/** At most this many tokens per owner. */
export const TOKENS_PER_OWNER_MAX = 50;

export const ApiTokenInputSchema = z.strictObject({
  name: nameField(TOKEN_NAME_MAX),
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
