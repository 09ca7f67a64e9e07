// Markers a test searches its own rows by. Letters only: text of digits searches phone numbers
// (domain/shared/phoneSearch.ts), and before that rule a timestamp's digits in a marker found
// other suites' clients whose random phones held them (a fresh-clone run, 2026-12-02).
import { randomBytes } from 'node:crypto';

export const letterMarker = (prefix = '', length = 10) => prefix + Array.from(randomBytes(length), (b) => String.fromCharCode(97 + (b % 26))).join('');
