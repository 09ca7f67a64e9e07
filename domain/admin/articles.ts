// Canned replies and articles as an admin table (/api/admin/articles; admins write, supervisors read).
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { notFound } from '../shared/errors';
import { LANGS } from '../shared/languages';
import { parseInput, rowId, type AdminResource } from './resource';
import { allArticles, deleteArticle, insertArticle, updateArticle } from '../knowledge/articleRepository';

const createSchema = z
  .object({
    kind: z.enum(['reply', 'article']),
    lang: z.enum(LANGS),
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(20_000),
    published: z.boolean().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  lang: z.string(),
  title: z.string(),
  body: z.string(),
  published: z.boolean(),
  updatedAt: z.string().datetime(),
});
type View = z.infer<typeof view>;
const asView = (r: Awaited<ReturnType<typeof insertArticle>>): View => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export function articlesResource(db: Database): AdminResource<View> {
  return {
    path: 'articles',
    title: 'Article',
    view,
    createSchema,
    updateSchema,
    list: async () => (await allArticles(db)).map(asView),
    async create(body) {
      const input = parseInput(createSchema, body);
      return asView(await insertArticle(db, { ...input, published: input.published ?? true }));
    },
    async update(id, body) {
      rowId(id, 'article');
      const row = await updateArticle(db, id, parseInput(updateSchema, body));
      if (!row) throw notFound('article');
      return asView(row);
    },
    async remove(id) {
      rowId(id, 'article');
      if (!(await deleteArticle(db, id))) throw notFound('article');
    },
  };
}
