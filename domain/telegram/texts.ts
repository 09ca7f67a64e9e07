// What the bot says, in Russian and English: the client's language once the chat is linked,
// Telegram's language of the user before.
export type Lang = 'ru' | 'en';

export const langOf = (clientLocale: string | null | undefined, telegramLanguage: string | undefined): Lang =>
  (clientLocale ?? telegramLanguage ?? 'ru').toLowerCase().startsWith('en') ? 'en' : 'ru';

const TEXTS = {
  en: {
    howToLink:
      'This chat is not linked to a client of the service desk yet, so your message was not filed (it waits for an operator).\n\n' +
      'To link it: open the Telegram link from the portal (your profile) or ask the desk for one, ' +
      'or send /link <your e-mail> and type the code we mail to you.',
    linked: 'Linked: requests and answers from this chat are yours now. Send /new to file a request, /status to see your requests.',
    badLink: 'This link or code is expired, already used or wrong. Ask for a new one.',
    tooMany: 'Too many attempts. Try again in 15 minutes.',
    codeSent: 'If this address belongs to a client of the desk, a code was sent to it. Type the code here (it is valid for 10 minutes).',
    linkUsage: 'Send /link followed by your e-mail address, for example: /link name@example.com',
    chooseService: 'Choose a service for your request:',
    describe: (service: string) => `Service: ${service}.\nDescribe the problem in one message; you may attach a photo.`,
    chooseFirst: 'Choose a service first (the buttons below), then describe the problem. To answer about a request, reply to our message about it.',
    filed: (ref: string) => `Request ${ref} is filed. You will get its status changes here; reply to our messages to add a comment.`,
    commented: (ref: string) => `Your comment is added to request ${ref}.`,
    notTaken: (reason: string) => `Your message was not taken: ${reason}`,
    noRequests: 'You have no requests yet. Send /new to file one.',
    status: 'Your latest requests:',
    help: '/new: file a request\n/status: your requests and their status\n/operator: chat with an operator\n/link <e-mail>: link this chat by a code sent to your e-mail',
    operatorButton: 'Chat with an operator',
    operatorWaiting: 'You are in the queue: an operator will answer here. Write your question.',
    operatorAlready: 'Your conversation with the desk is open: write here, an operator answers here.',
    chatUnavailable: 'The chat with operators is not available now. Send /new to file a request.',
    chatClosedLate:
      'This message arrived after the operator had closed the conversation, so nobody got it. Send /operator to talk again or /new to file a request.',
    chatTooLong: (max: number) => `The message is too long for the chat (at most ${max} characters) and was not sent. Split it into parts.`,
    chatFlood: 'Too many messages in a minute: this one was not sent. Wait a little and send it again.',
    chatTextOnly: 'Only text reaches the operator in this chat: describe it in words.',
    chatFileTooLarge: (mb: number) => `The file is larger than ${mb} MB, the chat's limit, and was not sent.`,
    chatFileType: "The operator's chat takes images, PDF, text, spreadsheets and Word or Excel documents: this file was not sent.",
    codeMailSubject: 'Your Telegram link code',
    codeMailBody: (code: string) =>
      `Your code to link Telegram to the service desk: ${code}\n\nType it into the chat with the bot within 10 minutes. If you did not ask for it, ignore this message.`,
  },
  ru: {
    howToLink:
      'Этот чат ещё не связан с клиентом службы поддержки, поэтому сообщение не зарегистрировано (оно ждёт оператора).\n\n' +
      'Чтобы связать чат: откройте ссылку на Telegram из портала (ваш профиль) или попросите её у службы, ' +
      'либо отправьте /link <ваш e-mail> и введите код из письма.',
    linked: 'Чат связан: заявки и ответы из него теперь ваши. /new — подать заявку, /status — ваши заявки.',
    badLink: 'Ссылка или код устарели, уже использованы или неверны. Запросите новые.',
    tooMany: 'Слишком много попыток. Попробуйте через 15 минут.',
    codeSent: 'Если этот адрес принадлежит клиенту службы, на него отправлен код. Введите код здесь (он действует 10 минут).',
    linkUsage: 'Отправьте /link и ваш e-mail, например: /link name@example.com',
    chooseService: 'Выберите услугу для заявки:',
    describe: (service: string) => `Услуга: ${service}.\nОпишите проблему одним сообщением; можно приложить фото.`,
    chooseFirst: 'Сначала выберите услугу (кнопки ниже), затем опишите проблему. Чтобы ответить по заявке, ответьте на наше сообщение о ней.',
    filed: (ref: string) => `Заявка ${ref} зарегистрирована. Изменения статуса придут сюда; чтобы добавить комментарий, ответьте на наше сообщение.`,
    commented: (ref: string) => `Комментарий добавлен к заявке ${ref}.`,
    notTaken: (reason: string) => `Сообщение не принято: ${reason}`,
    noRequests: 'У вас пока нет заявок. /new — подать заявку.',
    status: 'Ваши последние заявки:',
    help: '/new — подать заявку\n/status — ваши заявки и их статус\n/operator — написать оператору\n/link <e-mail> — связать чат по коду из письма',
    operatorButton: 'Написать оператору',
    operatorWaiting: 'Вы в очереди: оператор ответит здесь. Напишите ваш вопрос.',
    operatorAlready: 'Разговор со службой поддержки открыт: пишите сюда, оператор ответит здесь.',
    chatUnavailable: 'Чат с операторами сейчас недоступен. /new — подать заявку.',
    chatClosedLate: 'Сообщение пришло после того, как оператор завершил разговор, и никем не получено. /operator — написать снова, /new — подать заявку.',
    chatTooLong: (max: number) => `Сообщение слишком длинное для чата (не больше ${max} символов) и не отправлено. Разделите его на части.`,
    chatFlood: 'Слишком много сообщений за минуту: это не отправлено. Подождите немного и отправьте снова.',
    chatTextOnly: 'В чате оператору доходит только текст: опишите словами.',
    chatFileTooLarge: (mb: number) => `Файл больше ${mb} МБ — предела чата — и не отправлен.`,
    chatFileType: 'В чат оператору можно отправить изображения, PDF, текст, таблицы и документы Word или Excel: этот файл не отправлен.',
    codeMailSubject: 'Код для привязки Telegram',
    codeMailBody: (code: string) =>
      `Ваш код для привязки Telegram к службе поддержки: ${code}\n\nВведите его в чате с ботом в течение 10 минут. Если вы его не запрашивали, просто проигнорируйте письмо.`,
  },
} as const;

export const texts = (lang: Lang) => TEXTS[lang];
