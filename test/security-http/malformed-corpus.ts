/** One bad request as raw bytes, with the status it must get when one status is right. */
export interface MalformedCase {
  label: string;
  bytes: Buffer;
  /** Exact status expected; any 4xx passes when absent. */
  expected?: number;
}

export interface CorpusSettings {
  /** Secret of a token with every hotkey operation, every wallet and admin. */
  token: string;
  /** Body limit the service runs with, in bytes. */
  bodyLimit: number;
  /** A valid SS58 address, for /wallet/verify bodies. */
  address: string;
}

interface RawRequest {
  method?: string;
  path: string;
  /** Header lines without the CRLF; Host and Connection are added unless `bare`. */
  headers?: string[];
  body?: Buffer | string;
  /** Omit the automatic Content-Length, Host and Connection lines. */
  bare?: boolean;
  version?: string;
}

/** Builds the bytes of one HTTP/1.1 request; Content-Length is computed unless `bare`. */
export function rawHttp(request: RawRequest): Buffer {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const lines = [`${request.method ?? 'GET'} ${request.path} ${request.version ?? 'HTTP/1.1'}`];
  if (!request.bare) {
    lines.push('Host: 127.0.0.1', 'Connection: close');
  }
  lines.push(...(request.headers ?? []));
  if (!request.bare && request.body !== undefined) {
    lines.push(`Content-Length: ${body.length}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Marker replaced by a raw JSON literal, for values JSON.stringify cannot write. */
const MARKER = '"@@literal@@"';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function validBodies(settings: CorpusSettings): Record<string, { [key: string]: Json }> {
  return {
    '/wallet/set_weights': {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, uids: [0, 1], weights: [1, 2], version_key: 1 },
    },
    '/wallet/serve_axon': {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, ip: '10.0.0.5', port: 8091 },
    },
    '/wallet/sign': { wallet_name: 'miner', hotkey_name: 'default', messages: [{ data: 'x' }] },
    '/wallet/verify': {
      address: settings.address,
      message: { data: 'x' },
      signature: `0x${'00'.repeat(64)}`,
    },
    '/wallet/commit_weights': {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, uids: [0, 1], weights: [1, 2], version_key: 1, salt: [1] },
    },
    '/wallet/transfer': {
      wallet_name: 'miner',
      transaction_data: { destination: settings.address, amount: 1000 },
    },
    '/wallet/add_stake': {
      wallet_name: 'miner',
      hotkey_name: 'default',
      transaction_data: { netuid: 2, amount: 1000 },
    },
    '/wallet/submit': {
      wallet_name: 'miner',
      hotkey_name: 'default',
      key: 'hotkey',
      pallet: 'SubtensorModule',
      call: 'serve_axon',
      args: { netuid: 2 },
    },
  };
}

/** Copies `body` with the value at `path` replaced, or removed when `value` is undefined. */
function withValue(body: Json, path: string[], value: Json | undefined): Json {
  const copy = structuredClone(body) as { [key: string]: Json };
  let node: { [key: string]: Json } = copy;
  for (const step of path.slice(0, -1)) {
    node = node[step] as { [key: string]: Json };
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}

const NAME_VALUES: Json[] = [
  null,
  1,
  true,
  [],
  {},
  '',
  '../../etc',
  '..',
  '.hidden',
  'a/b',
  'a\\b',
  '/etc/passwd',
  'x'.repeat(65),
  'a\u0000b',
  '%2e%2e%2f',
  'wallet name',
  'wället',
];
const U16_VALUES: Json[] = [null, true, '2', 1.5, -1, 65536, 2 ** 53, [], {}, 'NaN'];
const ARRAY_VALUES: Json[] = [null, {}, 'x', 1, []];
const OBJECT_VALUES: Json[] = [null, [], 'x', 1, true];
const U64_VALUES: Json[] = [null, true, -1, 1.5, 'abc', '-1', '01', '1e3', 2 ** 64, [], {}];
const BOOLEAN_VALUES: Json[] = ['true', 1, 0, null, 'yes'];

/** Field paths of each route and the wrong values to put there. */
function fieldCases(): Record<string, [string[], Json[]][]> {
  const names: [string[], Json[]][] = [
    [['wallet_name'], NAME_VALUES],
    [['hotkey_name'], NAME_VALUES],
  ];
  return {
    '/wallet/set_weights': [
      ...names,
      [['transaction_data'], OBJECT_VALUES],
      [['transaction_data', 'netuid'], U16_VALUES],
      [['transaction_data', 'uids'], ARRAY_VALUES],
      [['transaction_data', 'weights'], ARRAY_VALUES],
      [['transaction_data', 'uids', '0'], U16_VALUES],
      [['transaction_data', 'weights', '1'], U16_VALUES],
      [['transaction_data', 'version_key'], U64_VALUES],
      [['transaction_data', 'wait_for_inclusion'], BOOLEAN_VALUES],
    ],
    '/wallet/serve_axon': [
      ...names,
      [['transaction_data', 'netuid'], U16_VALUES],
      [
        ['transaction_data', 'port'],
        [...U16_VALUES, 0],
      ],
      [
        ['transaction_data', 'ip'],
        [null, 1, '', 'x'.repeat(46), 'not-an-ip', '999.1.1.1'],
      ],
      [
        ['transaction_data', 'protocol'],
        [256, -1, '4', null],
      ],
      [['transaction_data', 'wait_for_finalization'], BOOLEAN_VALUES],
    ],
    '/wallet/sign': [
      ...names,
      [['messages'], ARRAY_VALUES],
      [['messages', '0'], OBJECT_VALUES],
      [
        ['messages', '0', 'data'],
        [null, 1, [], {}, 'x'.repeat(65_537)],
      ],
      [
        ['messages', '0', 'encoding'],
        ['base64', 'HEX', 1, null],
      ],
    ],
    '/wallet/verify': [
      [['address'], ['', 1, null, 'x'.repeat(61), '5'.repeat(48)]],
      [['signature'], ['0x', '0xzz', 1, null, `0x${'0'.repeat(127)}`]],
      [['message'], OBJECT_VALUES],
    ],
    '/wallet/commit_weights': [
      ...names,
      [
        ['transaction_data', 'salt'],
        [[], 'x', Array.from({ length: 33 }, () => 1), [-1], [1.5]],
      ],
    ],
    '/wallet/transfer': [
      [['wallet_name'], NAME_VALUES],
      [
        ['transaction_data', 'destination'],
        [null, 1, '', 'x'.repeat(61), '0OIl'.repeat(12)],
      ],
      [['transaction_data', 'amount'], U64_VALUES],
      [
        ['transaction_data', 'kind'],
        ['burn', null, 1],
      ],
    ],
    '/wallet/add_stake': [
      [['transaction_data', 'amount'], U64_VALUES],
      [['transaction_data', 'netuid'], U16_VALUES],
      [
        ['transaction_data', 'hotkey'],
        ['', 1, 'x'.repeat(61)],
      ],
      [
        ['transaction_data', 'limit_price'],
        [-1, 'abc', 1.5],
      ],
      [['transaction_data', 'allow_partial'], BOOLEAN_VALUES],
    ],
    '/wallet/submit': [
      ...names,
      [['key'], ['root', null, 1, 'HOTKEY']],
      [['pallet'], ['', '1abc', 'a'.repeat(65), 'Sub tensor', null]],
      [['call'], ['', 'x;y', null, '../x']],
      [['args'], ['x', 1, null, Array.from({ length: 65 }, () => 1)]],
    ],
  };
}

function jsonPost(token: string, path: string, body: Buffer | string, label: string) {
  return {
    label,
    bytes: rawHttp({
      method: 'POST',
      path,
      headers: [`Authorization: Bearer ${token}`, 'Content-Type: application/json'],
      body,
    }),
  };
}

/** Wrong types, wrong ranges, missing and unknown fields, for every field of every route. */
function wrongFieldCases(settings: CorpusSettings): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const bodies = validBodies(settings);
  for (const [route, fields] of Object.entries(fieldCases())) {
    const valid = bodies[route]!;
    for (const [path, values] of fields) {
      for (const value of values) {
        const body = JSON.stringify(withValue(valid, path, value));
        const label = `${route} ${path.join('.')}=${JSON.stringify(value).slice(0, 20)}`;
        cases.push({ ...jsonPost(settings.token, route, body, label), expected: 400 });
      }
    }
    for (const field of Object.keys(valid)) {
      const body = JSON.stringify(withValue(valid, [field], undefined));
      cases.push({
        ...jsonPost(settings.token, route, body, `${route} without ${field}`),
        expected: 400,
      });
    }
    const extra = JSON.stringify({ ...valid, extra: 1 });
    cases.push({
      ...jsonPost(settings.token, route, extra, `${route} unknown field`),
      expected: 400,
    });
  }
  return cases;
}

/** JSON literals that JSON.stringify cannot produce, in the netuid or port field. */
function literalCases(settings: CorpusSettings): MalformedCase[] {
  const setWeights = validBodies(settings)['/wallet/set_weights']!;
  const serveAxon = validBodies(settings)['/wallet/serve_axon']!;
  const netuidText = JSON.stringify(
    withValue(setWeights, ['transaction_data', 'netuid'], '@@literal@@'),
  );
  const portText = JSON.stringify(
    withValue(serveAxon, ['transaction_data', 'port'], '@@literal@@'),
  );
  const cases: MalformedCase[] = [];
  const literals = [
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-1e400',
    '0x10',
    '+1',
    '.5',
    '01',
    '1.',
    'undefined',
    "'2'",
    '2,',
    '/* 2 */ 2',
  ];
  for (const literal of literals) {
    const body = netuidText.replace(MARKER, literal);
    cases.push({
      ...jsonPost(settings.token, '/wallet/set_weights', body, `netuid ${literal}`),
      expected: 400,
    });
  }
  // Valid JSON numbers that are out of the port range 1..65535.
  for (const literal of ['-0', '1e-400', '0.0', '65535.5', '1e5']) {
    const body = portText.replace(MARKER, literal);
    cases.push({
      ...jsonPost(settings.token, '/wallet/serve_axon', body, `port ${literal}`),
      expected: 400,
    });
  }
  return cases;
}

function manyItems(count: number, item: Json): Json[] {
  return Array.from({ length: count }, () => item);
}

/** Arrays beyond the schema limits, uid lists the operation rejects, and deep nesting. */
function sizeAndDepthCases(settings: CorpusSettings): MalformedCase[] {
  const bodies = validBodies(settings);
  const setWeights = bodies['/wallet/set_weights']!;
  const sign = bodies['/wallet/sign']!;
  const uids = Array.from({ length: 4097 }, (_, index) => index);
  const post = (route: string, body: Json | string, label: string, expected: number) => ({
    ...jsonPost(
      settings.token,
      route,
      typeof body === 'string' ? body : JSON.stringify(body),
      label,
    ),
    expected,
  });
  const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  return [
    post(
      '/wallet/set_weights',
      withValue(setWeights, ['transaction_data', 'uids'], uids),
      'uids 4097',
      400,
    ),
    post(
      '/wallet/set_weights',
      withValue(setWeights, ['transaction_data', 'weights'], uids),
      'weights 4097',
      400,
    ),
    post(
      '/wallet/set_weights',
      withValue(setWeights, ['transaction_data', 'weights'], [1]),
      'weights shorter than uids',
      400,
    ),
    post(
      '/wallet/set_weights',
      withValue(setWeights, ['transaction_data', 'uids'], [3, 3]),
      'repeated uid',
      400,
    ),
    post(
      '/wallet/sign',
      withValue(sign, ['messages'], manyItems(4097, { data: 'x' })),
      'messages 4097',
      400,
    ),
    post(
      '/wallet/sign',
      withValue(sign, ['messages'], [{ data: '0x1', encoding: 'hex' }]),
      'odd hex message',
      400,
    ),
    post(
      '/wallet/sign',
      withValue(sign, ['messages'], [{ data: 'zz', encoding: 'hex' }]),
      'non-hex message',
      400,
    ),
    post('/wallet/sign', deepArray, 'deep array', 400),
    post('/wallet/sign', deepObject, 'deep object', 400),
    post(
      '/wallet/sign',
      JSON.stringify(sign).replace('"x"}', `"x","n":${deepArray}}`),
      'deep array in message',
      400,
    ),
    post(
      '/wallet/set_weights',
      JSON.stringify(setWeights).replace('"netuid":2', `"netuid":${deepArray}`),
      'deep netuid',
      400,
    ),
    post(
      '/wallet/sign',
      `${deepObject.slice(0, -1)},"__proto__":{"x":1}}`,
      'deep object with __proto__',
      400,
    ),
  ];
}

/** Bodies over --http.body_limit, with and without a token and a length. */
function oversizedCases(settings: CorpusSettings): MalformedCase[] {
  const big = JSON.stringify({ wallet_name: 'miner', pad: 'x'.repeat(settings.bodyLimit + 1024) });
  const chunked = Buffer.concat([
    Buffer.from(`${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`, 'latin1'),
  ]);
  const auth = `Authorization: Bearer ${settings.token}`;
  return [
    { ...jsonPost(settings.token, '/wallet/sign', big, 'body over limit'), expected: 413 },
    {
      label: 'chunked body over limit',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        bare: true,
        headers: [
          'Host: 127.0.0.1',
          'Connection: close',
          auth,
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ],
        body: chunked,
      }),
      expected: 413,
    },
    {
      label: 'declared length over limit',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        bare: true,
        headers: [
          'Host: 127.0.0.1',
          'Connection: close',
          auth,
          'Content-Type: application/json',
          'Content-Length: 99999999999',
        ],
        body: '{}',
      }),
      expected: 413,
    },
    {
      // Authentication runs before the body is read, so an anonymous client gets 401.
      label: 'anonymous body over limit',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        headers: ['Content-Type: application/json'],
        body: big,
      }),
      expected: 401,
    },
  ];
}

/** Broken UTF-8 in names, query strings and headers. */
function encodingCases(settings: CorpusSettings): MalformedCase[] {
  const auth = `Authorization: Bearer ${settings.token}`;
  const signWith = (name: Buffer) =>
    Buffer.concat([
      Buffer.from('{"wallet_name":"'),
      name,
      Buffer.from('","hotkey_name":"default","messages":[{"data":"x"}]}'),
    ]);
  const badNames: [string, Buffer][] = [
    ['0xff 0xfe', Buffer.from([0xff, 0xfe])],
    ['overlong slash', Buffer.from([0x61, 0xc0, 0xaf, 0x61])],
    ['truncated sequence', Buffer.from([0x61, 0xe2, 0x82])],
    ['encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['lone surrogate escape', Buffer.from('\\ud800')],
    ['escaped NUL', Buffer.from('mi\\u0000ner')],
  ];
  const cases: MalformedCase[] = badNames.map(([label, name]) => ({
    ...jsonPost(settings.token, '/wallet/sign', signWith(name), `wallet name ${label}`),
    expected: 400,
  }));
  cases.push(
    {
      label: 'query %ff%fe',
      bytes: rawHttp({ path: '/wallet/info?wallet_name=%ff%fe', headers: [auth] }),
      expected: 400,
    },
    {
      label: 'query raw 0xff',
      bytes: Buffer.concat([
        Buffer.from('GET /wallet/info?wallet_name='),
        Buffer.from([0xff]),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\nConnection: close\r\n\r\n`),
      ]),
      expected: 400,
    },
    {
      label: 'path raw 0xff',
      bytes: Buffer.concat([
        Buffer.from('GET /wallet/'),
        Buffer.from([0xff]),
        Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\nConnection: close\r\n\r\n`),
      ]),
    },
    {
      label: 'token with 0xff',
      bytes: Buffer.concat([
        Buffer.from(
          'GET /admin/keys HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer mst_',
        ),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\r\n\r\n'),
      ]),
      expected: 401,
    },
    {
      label: 'query %00',
      bytes: rawHttp({ path: '/wallet/info?wallet_name=mi%00ner', headers: [auth] }),
      expected: 400,
    },
  );
  return cases;
}

/** Header abuse that only a raw socket can send. */
function headerCases(settings: CorpusSettings): MalformedCase[] {
  const auth = `Authorization: Bearer ${settings.token}`;
  const keys = (
    headers: string[],
    expected?: number,
    label = headers.join(' | ').slice(0, 60),
  ) => ({
    label,
    bytes: rawHttp({ path: '/admin/keys', headers }),
    expected,
  });
  const signBody = JSON.stringify({ wallet_name: 'miner', hotkey_name: 'default', messages: [] });
  const manyHeaders = Array.from({ length: 3000 }, (_, index) => `X-H${index}: v`);
  return [
    keys([`X-Big: ${'a'.repeat(20_000)}`], 431, 'header of 20 kB'),
    keys(manyHeaders, 431, '3000 headers'),
    keys([`Authorization: Bearer ${'a'.repeat(12_000)}`], 401, 'token of 12 kB'),
    keys(['Authorization: Bearer wrong', auth], 401, 'duplicate Authorization, wrong first'),
    keys(['Authorization: Basic Zm9vOmJhcg=='], 401),
    keys(['Authorization: Bearer'], 401),
    keys(['Authorization: Bearer  '], 401),
    keys([`Authorization: bearer${settings.token}`], 401, 'no space after scheme'),
    keys([`Authorization: Bearer ${settings.token} extra`], 401, 'trailing word after token'),
    keys([`Authorization: Bearer ${settings.token}\tx`], 401, 'tab and word after token'),
    keys([`Authorization : Bearer ${settings.token}`], 400, 'space before colon'),
    keys([`Authorization: Bearer ${settings.token}\rX-Injected: 1`], 400, 'bare CR in header'),
    keys(['X-Folded: a', ' folded continuation', auth], 400, 'obsolete line folding'),
    keys([`Bad Header: ${settings.token}`], 400, 'space in header name'),
    keys(['X-Nul: a\u0000b', auth], 400, 'NUL in header'),
    {
      label: 'duplicate Authorization in a malformed request',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        headers: [auth, 'Authorization: Bearer other', 'Content-Type: application/json'],
        body: signBody,
      }),
      // Two Authorization headers are rejected before the body is read.
      expected: 401,
    },
    {
      label: 'Content-Length and Transfer-Encoding',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        bare: true,
        headers: [
          'Host: x',
          auth,
          'Content-Type: application/json',
          'Content-Length: 4',
          'Transfer-Encoding: chunked',
        ],
        body: '0\r\n\r\n',
      }),
      expected: 400,
    },
    {
      label: 'two different Content-Length',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        bare: true,
        headers: [
          'Host: x',
          auth,
          'Content-Type: application/json',
          'Content-Length: 2',
          'Content-Length: 3',
        ],
        body: '{}',
      }),
      expected: 400,
    },
    {
      label: 'invalid chunk size',
      bytes: rawHttp({
        method: 'POST',
        path: '/wallet/sign',
        bare: true,
        headers: ['Host: x', auth, 'Content-Type: application/json', 'Transfer-Encoding: chunked'],
        body: 'zz\r\n{}\r\n0\r\n\r\n',
      }),
      expected: 400,
    },
    {
      label: 'missing Host',
      bytes: Buffer.from(`GET /admin/keys HTTP/1.1\r\n${auth}\r\nConnection: close\r\n\r\n`),
      expected: 400,
    },
    {
      label: 'unknown method',
      bytes: rawHttp({ method: 'FOO', path: '/admin/keys', headers: [auth] }),
      expected: 400,
    },
    {
      label: 'lower-case method',
      bytes: rawHttp({ method: 'get', path: '/admin/keys', headers: [auth] }),
      expected: 400,
    },
    {
      label: 'request line of 20 kB',
      bytes: rawHttp({ path: `/admin/keys?${'a'.repeat(20_000)}`, headers: [auth] }),
      expected: 431,
    },
    {
      label: 'CRLF in encoded path',
      bytes: rawHttp({ path: '/wallet/x%0d%0aSet-Cookie:%20a=b', headers: [auth] }),
      expected: 404,
    },
    {
      label: 'request id with CRLF',
      bytes: rawHttp({
        path: '/admin/keys',
        headers: ['X-Request-Id: a%0d%0aSet-Cookie: a=b', 'Authorization: Bearer wrong'],
      }),
      expected: 401,
    },
    {
      label: 'absolute-form target',
      bytes: rawHttp({
        path: 'http://127.0.0.1/admin/keys',
        headers: ['Authorization: Bearer wrong'],
      }),
    },
    { label: 'asterisk target', bytes: rawHttp({ method: 'OPTIONS', path: '*' }) },
    {
      label: 'garbage request line',
      bytes: Buffer.from('\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\r\n\r\n', 'latin1'),
      expected: 400,
    },
  ];
}

/** Traversal in names and paths: never a file outside the wallet folder, never another route. */
function traversalCases(settings: CorpusSettings): MalformedCase[] {
  const auth = `Authorization: Bearer ${settings.token}`;
  const get = (path: string, expected?: number) => ({
    label: `GET ${path}`,
    bytes: rawHttp({ path, headers: [auth] }),
    expected,
  });
  const cases: MalformedCase[] = [];
  for (const name of [
    '../../etc',
    '..%2f..%2fetc',
    '%2e%2e',
    '..\\..\\etc',
    '/etc/passwd',
    'miner/../validator',
    '.',
    '~root',
  ]) {
    cases.push(get(`/wallet/info?wallet_name=${name}`, 400));
    cases.push(get(`/wallet/info?wallet_name=miner&hotkey_name=${name}`, 400));
    cases.push(get(`/admin/audit?wallet=${name}`, 400));
  }
  for (const path of [
    '/wallet/../admin/reload',
    '/wallet/%2e%2e/admin/keys',
    '/./admin/keys',
    '//admin/keys',
    '/admin/keys/',
    '/ADMIN/KEYS',
    '/admin/keys%00',
    '/admin/keys%2f..',
    '/admin/./keys',
  ]) {
    cases.push(get(path, 404));
  }
  return cases;
}

/** Routes and methods that do not exist. */
function unknownRouteCases(settings: CorpusSettings): MalformedCase[] {
  const auth = `Authorization: Bearer ${settings.token}`;
  const cases: MalformedCase[] = [];
  const targets: [string, string][] = [
    ['GET', '/'],
    ['GET', '/wallet'],
    ['GET', '/wallet/set_weights'],
    ['PUT', '/wallet/set_weights'],
    ['DELETE', '/wallet/sign'],
    ['PATCH', '/wallet/serve_axon'],
    ['GET', '/admin/reload'],
    ['DELETE', '/admin/audit'],
    ['POST', '/admin/keys'],
    ['GET', '/admin'],
    ['GET', '/.env'],
    ['GET', '/wallet/keys'],
    ['POST', '/wallet/sign/extra'],
    ['TRACE', '/admin/keys'],
  ];
  for (const [method, path] of targets) {
    cases.push({
      label: `${method} ${path}`,
      bytes: rawHttp({ method, path, headers: [auth] }),
      expected: 404,
    });
    cases.push({
      label: `${method} ${path} anonymous`,
      bytes: rawHttp({ method, path }),
      expected: 404,
    });
  }
  return cases;
}

/** Builds a POST to /wallet/sign with the test token and the given headers and body. */
function signPost(
  settings: CorpusSettings,
  label: string,
  headers: string[],
  body: Buffer | string | undefined,
  expected: number,
): MalformedCase {
  const auth = `Authorization: Bearer ${settings.token}`;
  const path = '/wallet/sign';
  return {
    label,
    bytes: rawHttp({ method: 'POST', path, headers: [auth, ...headers], body }),
    expected,
  };
}

function validSignText(settings: CorpusSettings): string {
  return JSON.stringify(validBodies(settings)['/wallet/sign']);
}

/** Wrong, missing and mislabelled media types. */
function mediaTypeCases(settings: CorpusSettings): MalformedCase[] {
  const sign = validSignText(settings);
  const cases: MalformedCase[] = [];
  const unsupported = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/octet-stream',
    'application/jsonx',
    'text/json',
  ];
  for (const type of unsupported) {
    cases.push(signPost(settings, `content type ${type}`, [`Content-Type: ${type}`], sign, 415));
  }

  const utf16 = Buffer.from(sign, 'utf16le');
  const utf16Type = ['Content-Type: application/json; charset=utf-16'];
  cases.push(signPost(settings, 'UTF-16 body', utf16Type, utf16, 400));
  cases.push(signPost(settings, 'no content type', [], sign, 415));
  cases.push(signPost(settings, 'empty content type', ['Content-Type: '], sign, 415));
  return cases;
}

/** Empty bodies, bodies that are not an object, and JSON syntax errors. */
function emptyAndInvalidBodyCases(settings: CorpusSettings): MalformedCase[] {
  const json = ['Content-Type: application/json'];
  const bodies = [
    '',
    ' ',
    'null',
    '[]',
    '""',
    '0',
    'true',
    '{}',
    '{',
    '}',
    '{"a":1}{"b":2}',
    '\uFEFF{}',
    "{'wallet_name':'miner'}",
    '{"wallet_name":"miner",}',
  ];
  const cases = bodies.map((body) =>
    signPost(settings, `body ${JSON.stringify(body)}`, json, body, 400),
  );
  cases.push(signPost(settings, 'no body at all', [], undefined, 400));
  return cases;
}

/**
 * Prototype keys in bodies and query strings. Keys are rejected by the JSON
 * parser (400); as names they are valid patterns that match no key (404).
 */
function prototypeKeyCases(settings: CorpusSettings): MalformedCase[] {
  const sign = validSignText(settings);
  const json = ['Content-Type: application/json'];
  const bodies: [string, number][] = [
    [sign.replace('{', '{"__proto__":{"permission":null},'), 400],
    [sign.replace('{', '{"constructor":{"prototype":{"polluted":true}},'), 400],
    [sign.replace('{"data"', '{"__proto__":{"polluted":true},"data"'), 400],
    [sign.replace('"wallet_name":"miner"', '"wallet_name":"__proto__"'), 404],
    [sign.replace('"hotkey_name":"default"', '"hotkey_name":"constructor"'), 404],
    [sign.replace('"wallet_name":"miner"', '"wallet_name":"hasOwnProperty"'), 404],
    [sign.replace('"wallet_name":"miner"', '"wallet_name":"toString"'), 404],
    [sign.replace('"hotkey_name":"default"', '"hotkey_name":"__proto__"'), 404],
  ];
  const cases = bodies.map(([body, status], index) =>
    signPost(settings, `prototype key ${index + 1}`, json, body, status),
  );

  const auth = `Authorization: Bearer ${settings.token}`;
  const queries = [
    '__proto__[polluted]=1',
    'constructor[prototype][polluted]=1',
    '__proto__=x',
    'wallet_name=miner&wallet_name=validator',
    'wallet_name[]=miner',
    'wallet_name=miner&extra=1',
  ];
  for (const query of queries) {
    const bytes = rawHttp({ path: `/wallet/info?${query}`, headers: [auth] });
    cases.push({ label: `query ${query}`, bytes, expected: 400 });
  }
  return cases;
}

/** Out-of-range and injection-shaped audit queries. */
function auditQueryCases(settings: CorpusSettings): MalformedCase[] {
  const auth = `Authorization: Bearer ${settings.token}`;
  const queries = [
    'limit=0',
    'limit=-1',
    'limit=99999',
    'limit=abc',
    'after_id=-5',
    'operation=DROP%20TABLE',
    "request_id=1'%20OR%20'1'='1",
    'limit=1&limit=2',
  ];
  return queries.map((query) => ({
    label: `audit ${query}`,
    bytes: rawHttp({ path: `/admin/audit?${query}`, headers: [auth] }),
    expected: 400,
  }));
}

/** Builds every bad request of the corpus. */
export function buildCorpus(settings: CorpusSettings): MalformedCase[] {
  return [
    ...wrongFieldCases(settings),
    ...literalCases(settings),
    ...sizeAndDepthCases(settings),
    ...oversizedCases(settings),
    ...encodingCases(settings),
    ...headerCases(settings),
    ...traversalCases(settings),
    ...unknownRouteCases(settings),
    ...mediaTypeCases(settings),
    ...emptyAndInvalidBodyCases(settings),
    ...prototypeKeyCases(settings),
    ...auditQueryCases(settings),
  ];
}
