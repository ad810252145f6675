import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.js';
import type { ReloadResult } from '../../security/index.js';
import { ApiError } from '../errors.js';
import type { KeyStatusView, SignerSource } from '../operations/signer-source.js';
import { errorResponses, KEY_NAME_SCHEMA } from '../schemas/common.js';

export interface AdminDependencies {
  signers: SignerSource;
  audit: AuditLog;
  reloadTokens?: () => ReloadResult | undefined;
}

const ADMIN = { operation: 'admin', permission: 'admin', keyRole: 'none' } as const;
const ERRORS = {
  ...errorResponses(400, 401, 403),
};

interface AuditQueryString {
  limit?: number;
  after_id?: number;
  wallet?: string;
  operation?: string;
  request_id?: string;
}

function keyView(status: KeyStatusView) {
  return {
    name: status.name,
    address: status.address,
    can_sign: status.canSign,
    error: status.error,
  };
}

/** Routes for operators: loaded keys (public data only), the audit log, token reload. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDependencies): void {
  app.get(
    '/admin/keys',
    {
      schema: {
        summary: 'Loaded wallets and keys, public data only',
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        response: ERRORS,
      },
      config: ADMIN,
    },
    async () => ({
      wallets: deps.signers.wallets().map((wallet) => ({
        name: wallet.name,
        coldkey: keyView(wallet.coldkey),
        hotkeys: wallet.hotkeys.map(keyView),
      })),
    }),
  );

  app.get<{ Querystring: AuditQueryString }>(
    '/admin/audit',
    {
      schema: {
        summary: 'Audit records, newest first',
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
            after_id: { type: 'string', pattern: '^[0-9]{1,15}$' },
            wallet: KEY_NAME_SCHEMA,
            operation: { type: 'string', pattern: '^[a-z_]{1,32}$' },
            request_id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
          },
        },
        response: ERRORS,
      },
      config: ADMIN,
    },
    async (request) => {
      const query = request.query;
      const records = deps.audit.list({
        limit: query.limit === undefined ? 100 : Number(query.limit),
        afterId: query.after_id === undefined ? undefined : Number(query.after_id),
        wallet: query.wallet,
        operation: query.operation,
        requestId: query.request_id,
      });
      return { records };
    },
  );

  app.post(
    '/admin/reload',
    {
      schema: {
        summary: 'Re-read the token file (as SIGHUP does)',
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        response: ERRORS,
      },
      config: ADMIN,
    },
    async () => {
      const result = deps.reloadTokens?.();
      if (!result) {
        throw new ApiError(
          'INVALID_REQUEST',
          'no token file is configured; start the service with --auth.token_file to use reload',
        );
      }
      if (!result.ok) {
        throw new ApiError(
          'INVALID_REQUEST',
          `token file reload failed, the previous tokens stay in force: ${result.error}`,
        );
      }
      return { success: true, tokens: result.tokens, active: result.active };
    },
  );
}
