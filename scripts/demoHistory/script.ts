// What the demo desk lived through: who asked for what, over which channel, and how far the
// staff got with it. Each line becomes one request filed through the API; `end` is the state
// the staff leave its incident in, reached by the same transitions people make on the board.
export type End = 'new' | 'assigned' | 'progress' | 'waiting' | 'resolved' | 'closed' | 'reopened' | 'reassigned' | 'unlinked';

export interface DemoRequest {
  /** Who files it: an operator for a client (by phone), a user on the portal, or a QR label. */
  by: 'olga' | 'pavel' | 'portal:ivan' | 'portal:maria' | `qr:${string}`;
  phone?: string;
  /** A client the operator creates at intake (an unknown number). */
  newClient?: { name: string; email?: string; locale?: 'ru' | 'en' };
  service: string;
  channel?: 'PHONE' | 'EMAIL' | 'WEB' | 'TELEGRAM' | 'SMS';
  text: string;
  end: End;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  /** What a QR reporter picks (the asset's problem types). */
  problem?: string;
  /** A public comment to the client, the client's answer, an internal note, a file. */
  talk?: boolean;
  file?: boolean;
}

// Telecom Plus LLC has the express contract (minutes, see demoSetup.ts): its open requests run
// into SLA warnings and breaches while the demo is being made.
const TELECOM = '+79161234567';
const ROMASHKA = '+74951230001';

export const DEMO_REQUESTS: DemoRequest[] = [
  { by: 'olga', phone: TELECOM, service: 'it-network', text: 'Нет связи на узле Химки-2, абоненты жалуются с 09:40', end: 'new', priority: 'P1' },
  { by: 'olga', phone: TELECOM, service: 'it-network', text: 'Потеря пакетов 15% на канале до ЦОД', end: 'assigned', priority: 'P2' },
  { by: 'olga', phone: TELECOM, service: 'it-access', channel: 'EMAIL', text: 'Доступ к биллингу для нового дежурного инженера', end: 'progress', talk: true },
  {
    by: 'olga',
    phone: TELECOM,
    service: 'it-network',
    channel: 'TELEGRAM',
    text: 'BGP session flapping on border router 2',
    end: 'resolved',
    priority: 'P1',
    talk: true,
  },
  { by: 'olga', phone: ROMASHKA, service: 'it-laptop', text: 'Ноутбук бухгалтера не включается после обновления', end: 'progress', file: true, talk: true },
  { by: 'olga', phone: ROMASHKA, service: 'it-network', channel: 'EMAIL', text: 'Wi-Fi в переговорной пропадает каждые 10 минут', end: 'waiting', talk: true },
  { by: 'olga', phone: ROMASHKA, service: 'it-access', text: 'Сбросить пароль от почты для сотрудника отдела продаж', end: 'closed' },
  { by: 'olga', phone: ROMASHKA, service: 'it-laptop', text: 'Заменить клавиатуру на ноутбуке директора', end: 'reopened', talk: true },
  {
    by: 'olga',
    phone: '+74957770101',
    newClient: { name: 'ИП Соколов А. В.', email: 'sokolov@example.ru' },
    service: 'it-network',
    text: 'Не работает интернет в офисе, роутер мигает красным',
    end: 'closed',
    talk: true,
  },
  {
    by: 'olga',
    phone: '+74957770102',
    newClient: { name: 'Northwind Traders', email: 'it@northwind.example', locale: 'en' },
    service: 'it-access',
    channel: 'EMAIL',
    text: 'VPN access for two contractors until the end of the month',
    end: 'progress',
    talk: true,
  },
  {
    by: 'olga',
    phone: '+74957770103',
    newClient: { name: 'Кафе «Пельменная №1»' },
    service: 'it-laptop',
    text: 'Кассовый компьютер сильно тормозит в обед',
    end: 'reassigned',
    priority: 'P2',
  },
  { by: 'olga', phone: '+74957770101', service: 'it-access', channel: 'SMS', text: 'Нужна вторая учётная запись для бухгалтера', end: 'new' },
  { by: 'olga', phone: '+74957770102', service: 'it-network', channel: 'WEB', text: 'Slow file transfers between the two offices', end: 'resolved' },
  { by: 'olga', phone: '+74957770103', service: 'it-network', text: 'Терминал оплаты не видит сеть', end: 'unlinked' },
  { by: 'pavel', phone: ROMASHKA, service: 'repair-printer', text: 'Принтер в бухгалтерии печатает полосами', end: 'progress', file: true },
  { by: 'pavel', phone: ROMASHKA, service: 'repair-printer', text: 'Картридж не распознаётся после замены', end: 'closed', talk: true },
  {
    by: 'pavel',
    phone: '+74957770201',
    newClient: { name: 'Анна Кузнецова', email: 'anna.k@example.ru' },
    service: 'repair-phone',
    text: 'Разбит экран телефона, сенсор не реагирует внизу',
    end: 'waiting',
    talk: true,
  },
  {
    by: 'pavel',
    phone: '+74957770202',
    newClient: { name: 'John Miller', email: 'john.miller@example.com', locale: 'en' },
    service: 'repair-phone',
    channel: 'EMAIL',
    text: 'Phone does not charge, the port seems loose',
    end: 'resolved',
    talk: true,
  },
  { by: 'pavel', phone: '+74957770201', service: 'repair-phone', text: 'Не работает динамик после замены экрана', end: 'reopened', talk: true },
  { by: 'pavel', phone: '+74957770202', service: 'repair-printer', text: 'Office printer jams on every second page', end: 'assigned' },
  {
    by: 'pavel',
    phone: '+74957770203',
    newClient: { name: 'Сергей Волков' },
    service: 'repair-phone',
    channel: 'TELEGRAM',
    text: 'Телефон упал в воду, не включается',
    end: 'new',
    priority: 'P2',
  },
  { by: 'pavel', phone: '+74957770203', service: 'repair-printer', text: 'Домашний принтер не захватывает бумагу', end: 'closed' },
  { by: 'portal:ivan', service: 'it-laptop', text: 'Монитор мерцает при подключении через док-станцию', end: 'progress', talk: true },
  { by: 'portal:ivan', service: 'it-access', text: 'Нужен доступ к папке проекта «Альфа» на файловом сервере', end: 'closed', talk: true },
  { by: 'portal:ivan', service: 'it-network', text: 'Не подключается корпоративный VPN из дома', end: 'new' },
  { by: 'portal:maria', service: 'repair-phone', text: 'Рабочий телефон перезагружается сам по себе', end: 'assigned' },
  { by: 'portal:maria', service: 'repair-printer', text: 'Принтер на 2 этаже пишет «замятие», но бумаги внутри нет', end: 'resolved', talk: true },
  { by: 'qr:demo-printer-3rd-floor', service: 'repair-printer', problem: 'paper-jam', text: 'Снова замялась бумага в лотке 2', end: 'progress' },
  { by: 'qr:demo-meeting-room-301-pc', service: 'it-laptop', problem: 'no-network', text: 'ПК в переговорной не подключается к сети', end: 'closed' },
];

// The weeks before: requests filed, worked and closed, which scripts/demoHistory/ageing.ts dates
// back over the last three weeks so the reports and dashboards show a history per day.
const PAST: [string, string, string][] = [
  [ROMASHKA, 'it-laptop', 'Не запускается 1С после обновления Windows'],
  [ROMASHKA, 'it-access', 'Заблокирована учётная запись после отпуска'],
  [ROMASHKA, 'repair-printer', 'МФУ не сканирует в сетевую папку'],
  [TELECOM, 'it-network', 'Деградация канала до Подольска, задержка 300 мс'],
  [TELECOM, 'it-access', 'Выдать доступ к мониторингу подрядчику'],
  ['+74957770101', 'it-laptop', 'Синий экран при подключении принтера'],
  ['+74957770102', 'it-network', 'Printer in the lobby is not on the network'],
  ['+74957770103', 'it-laptop', 'Не печатаются чеки после перезагрузки'],
  ['+74957770201', 'repair-phone', 'Замена аккумулятора, телефон держит 2 часа'],
  ['+74957770202', 'repair-phone', 'Camera is blurry after a fall'],
  ['+74957770203', 'repair-phone', 'Не работает микрофон при разговоре'],
  ['+74950000013', 'it-laptop', 'Медленно работает ноутбук, вентилятор шумит'],
  ['+74950000023', 'repair-printer', 'Принтер печатает пустые листы'],
];
for (let round = 0; round < 2; round++)
  for (const [i, [phone, service, text]] of PAST.entries())
    DEMO_REQUESTS.push({
      by: service.startsWith('repair') ? 'pavel' : 'olga',
      phone,
      service,
      channel: (['PHONE', 'EMAIL', 'PHONE', 'WEB', 'TELEGRAM'] as const)[(i + round) % 5],
      text: round ? `${text} (повторно)` : text,
      end: 'closed',
      talk: (i + round) % 3 === 0,
    });
