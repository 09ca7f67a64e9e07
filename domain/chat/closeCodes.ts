// The socket's own close codes (docs/chat.md, "The socket"), in one place for the server, the
// inbox, the typed client and the widget. No imports: the widget's script gets the value
// written into it when the app serves it, and the typed client keeps no runtime dependency.

/** The credential ended (session signed out or expired, visitor token past its end): do not reconnect with it, sign in or start a new visitor. 4000-4999 are the application's. */
export const CREDENTIAL_ENDED = 4401;
