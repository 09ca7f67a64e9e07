// The HTTP SMS provider's callbacks (docs/sms.md): its delivery reports and the mobile-originated
// messages it receives, each authenticated by the shared secret in X-Sms-Callback-Secret
// (SMS_HTTP_CALLBACK_SECRET, compared in constant time). Both are idempotent: a report already
// recorded or a message id already stored changes nothing.
import { z } from 'zod';
import { deliveryReportsSchema, inboundMessagesSchema, incomingMessages, takeDeliveryReports } from '../../domain/sms/httpCallbacks';
import { unauthorized } from '../../domain/shared/errors';
import { json } from '../contract/endpoint';
import { endpoint } from './services';
import { secretAccepted } from './telephony';

/** The header the provider sends with every callback: SMS_HTTP_CALLBACK_SECRET. */
export const SMS_CALLBACK_SECRET_HEADER = 'X-Sms-Callback-Secret';

const refuse = () => unauthorized(`an SMS provider's callback needs the shared secret in ${SMS_CALLBACK_SECRET_HEADER}`);

export const smsEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/sms/http/receipts',
    access: 'anyone',
    secretHeader: SMS_CALLBACK_SECRET_HEADER,
    summary: `Delivery reports of the HTTP SMS provider (Infobip's JSON), authenticated by the ${SMS_CALLBACK_SECRET_HEADER} header`,
    description:
      'Each report settles its message on the notification log as delivered or failed with the reason; PENDING changes nothing. A report recorded already, or for an id the desk never sent, changes nothing (200).',
    request: { body: deliveryReportsSchema.openapi('SmsDeliveryReports') },
    responses: { 200: json(z.object({ taken: z.number().int() }), 'Taken') },
    problems: [400],
    handle: async ({ req, header, services }) => {
      if (!secretAccepted(services.sms.callbackSecret, header(SMS_CALLBACK_SECRET_HEADER))) throw refuse();
      return { status: 200, body: { taken: await takeDeliveryReports(req.body, services.sms.receipts) } };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/sms/http/inbound',
    access: 'anyone',
    secretHeader: SMS_CALLBACK_SECRET_HEADER,
    summary: `Mobile-originated SMS received by the HTTP SMS provider (Infobip's JSON), authenticated by the ${SMS_CALLBACK_SECRET_HEADER} header`,
    description:
      'Each message goes into the channel intake as an SMS over SMPP does: a new request or a public comment of the client with that number, or held with the reason. A message id stored already is not taken again (stored counts the new ones).',
    request: { body: inboundMessagesSchema.openapi('SmsInboundMessages') },
    responses: { 200: json(z.object({ stored: z.number().int() }), 'Stored (processed right after)') },
    problems: [400],
    handle: async ({ req, header, services }) => {
      if (!secretAccepted(services.sms.callbackSecret, header(SMS_CALLBACK_SECRET_HEADER))) throw refuse();
      let stored = 0;
      for (const message of incomingMessages(req.body)) if (await services.sms.inbound.receiveText(message)) stored++;
      return { status: 200, body: { stored } };
    },
  }),
];
