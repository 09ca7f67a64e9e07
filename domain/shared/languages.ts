// The languages the desk speaks: its interface, its notifications and its clients' and staff's
// preference. Pure: the web app imports it too.
export const LANGS = ['ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
