// A client-rendered app: the API on the same origin is the source of every page's data.
export const ssr = false;
export const prerender = false;
