// Notification templates as admins see and edit them: the built-in text per template and
// language, the admin's text where there is one, and the placeholders each may use. Sending
// goes through renderTemplate, which picks the admin's text when it exists.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { audit } from '../shared/audit';
import { invalid, notFound } from '../shared/errors';
import type { Actor } from '../access/identity';
import { mayRead, mayWrite } from '../admin/resource';
import { parseInput } from '../shared/validation';
import { deleteTemplateText, templateText, templateTexts, upsertTemplateText } from './templateRepository';
import {
  DEFAULTS,
  LANGS,
  PLACEHOLDERS,
  TEMPLATE_NAMES,
  langOf,
  render,
  unknownPlaceholders,
  type Lang,
  type TemplateName,
  type TemplateText,
  type TemplateVars,
} from './templates';

export const templateTextSchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .regex(/^[^\r\n]*$/, 'a subject is one line'),
    body: z.string().trim().min(1, 'must not be empty').max(4000),
  })
  .strict();

/** A template in one language as the API returns it (the document's NotificationTemplate). */
export const templateViewSchema = z.object({
  name: z.enum(TEMPLATE_NAMES),
  lang: z.enum(LANGS),
  subject: z.string(),
  body: z.string(),
  customized: z.boolean().describe('an admin replaced the built-in text'),
  placeholders: z.array(z.string()).readonly().describe('the {names} the texts may use'),
  defaults: z.object({ subject: z.string(), body: z.string() }).describe('the built-in text'),
  updatedAt: z.string().datetime().nullable(),
  updatedById: z.string().nullable(),
});
export type TemplateView = z.infer<typeof templateViewSchema>;

/** A template in one language: the lookup key of the overrides and their audit entries' id. */
const key = (name: string, lang: string) => `${name}:${lang}`;

/** The text to send: the admin's, else the built-in one, filled in. */
export async function renderTemplate(db: Database, name: TemplateName, lang: string | null | undefined, vars: TemplateVars): Promise<TemplateText> {
  const l = langOf(lang);
  const custom = await templateText(db, name, l);
  return render(name, l, vars, custom ?? undefined);
}

export class NotificationTemplates {
  constructor(private readonly db: Database) {}

  async list(actor: Actor): Promise<TemplateView[]> {
    mayRead(actor);
    const rows = await templateTexts(this.db);
    const byKey = new Map(rows.map((r) => [key(r.name, r.lang), r]));
    return TEMPLATE_NAMES.flatMap((name) =>
      LANGS.map((lang) => {
        const row = byKey.get(key(name, lang));
        const defaults = DEFAULTS[lang][name];
        return {
          name,
          lang,
          subject: row?.subject ?? defaults.subject,
          body: row?.body ?? defaults.body,
          customized: Boolean(row),
          placeholders: PLACEHOLDERS[name],
          defaults,
          updatedAt: row?.updatedAt.toISOString() ?? null,
          updatedById: row?.updatedById ?? null,
        };
      }),
    );
  }

  async put(actor: Actor, name: string, lang: string, body: unknown): Promise<TemplateView> {
    mayWrite(actor);
    const [n, l] = this.identify(name, lang);
    const input = parseInput(templateTextSchema, body);
    const errors = (['subject', 'body'] as const).flatMap((field) => {
      const unknown = unknownPlaceholders(n, input[field]);
      return unknown.length
        ? [
            {
              field,
              message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; this template knows ${PLACEHOLDERS[n].map((p) => `{${p}}`).join(', ')}`,
            },
          ]
        : [];
    });
    if (errors.length) throw invalid(errors);
    await this.db.transaction().execute(async (trx) => {
      const before = await templateText(trx, n, l);
      await upsertTemplateText(trx, n, l, { ...input, updatedById: actor.id });
      await audit(trx, {
        entityType: 'notification-template',
        entityId: key(n, l),
        actorId: actor.id,
        action: 'update',
        before: before ? { subject: before.subject, body: before.body } : DEFAULTS[l][n],
        after: input,
      });
    });
    return this.one(actor, n, l);
  }

  /** Back to the built-in text. */
  async reset(actor: Actor, name: string, lang: string): Promise<TemplateView> {
    mayWrite(actor);
    const [n, l] = this.identify(name, lang);
    await this.db.transaction().execute(async (trx) => {
      const before = await templateText(trx, n, l);
      if (!before) return;
      await deleteTemplateText(trx, n, l);
      await audit(trx, {
        entityType: 'notification-template',
        entityId: key(n, l),
        actorId: actor.id,
        action: 'reset',
        before: { subject: before.subject, body: before.body },
        after: DEFAULTS[l][n],
      });
    });
    return this.one(actor, n, l);
  }

  private async one(actor: Actor, name: TemplateName, lang: Lang): Promise<TemplateView> {
    return (await this.list(actor)).find((t) => t.name === name && t.lang === lang)!;
  }

  private identify(name: string, lang: string): [TemplateName, Lang] {
    if (!(TEMPLATE_NAMES as readonly string[]).includes(name) || !(LANGS as readonly string[]).includes(lang)) throw notFound('notification template');
    return [name as TemplateName, lang as Lang];
  }
}
