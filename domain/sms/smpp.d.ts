// The part of the `smpp` package (node-smpp 0.5, no types of its own) that the SMS channel and
// the SMSC stand-in use. Field names are the SMPP specification's.
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import { Server as NetServer, type Socket } from 'node:net';

  export interface PduFields {
    command_status?: number;
    system_id?: string;
    password?: string;
    message_id?: string;
    source_addr_ton?: number;
    source_addr_npi?: number;
    source_addr?: string;
    dest_addr_ton?: number;
    dest_addr_npi?: number;
    destination_addr?: string;
    esm_class?: number;
    registered_delivery?: number;
    data_coding?: number;
    short_message?: Buffer | string | { udh?: Buffer[] | Buffer; message: Buffer | string };
    receipted_message_id?: string;
    message_state?: number;
  }

  // The class and this interface merge: a PDU carries the fields it was made with or read.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
  export interface PDU extends PduFields {}
  // eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
  }

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: () => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
  }

  export class Server extends NetServer {}

  export function connect(options: { url: string; auto_enquire_link_period?: number; connectTimeout?: number }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;
  export const encodings: Record<string, unknown>;
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RSYSERR: number;
  export const ESME_RTHROTTLED: number;
}
