// Saved views (GET/POST /api/views, GET/PUT/DELETE /api/views/{id}): a list page's whole state
// under a name, shared with the team. `query` is the page's query string, kept exactly, so that
// opening the view restores the URL as it was saved.
import { z } from 'zod';
import { listQueryField, nameField } from './body-fields';
import { IMAGE_LISTS } from './bff';
import { VIEW_NAME_MAX, VIEW_QUERY_MAX } from './views-facts';

export const SavedViewInputSchema = z.strictObject({
  name: nameField(VIEW_NAME_MAX),
  list: z.enum(IMAGE_LISTS, { error: `must be one of ${IMAGE_LISTS.join(', ')}` }),
  /** The list page's query string, without the leading `?`. */
  query: listQueryField(VIEW_QUERY_MAX),
  /** The visible columns, in order (absent: the list's defaults). */
  columns: z
    .array(z.string().min(1).max(64), { error: 'must be a list of column keys' })
    .max(64)
    .optional(),
});
export type SavedViewInput = z.infer<typeof SavedViewInputSchema>;

export interface SavedView extends SavedViewInput {
  id: string;
  created_at: number;
  updated_at: number;
}

export const ViewIdSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/, { error: 'must be a view id (digits)' });
