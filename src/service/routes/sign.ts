import type { FastifyInstance } from 'fastify';
import { messagesDigest, signMessages, verifyMessage } from '../operations/sign.js';
import type { SignerSource } from '../operations/signer-source.js';
import {
  SIGN_ROUTE_SCHEMA,
  VERIFY_ROUTE_SCHEMA,
  type SignBody,
  type VerifyBody,
} from '../schemas/sign.js';

export function registerSignRoutes(app: FastifyInstance, signers: SignerSource): void {
  app.post<{ Body: SignBody }>(
    '/wallet/sign',
    { schema: SIGN_ROUTE_SCHEMA, config: { operation: 'sign', permission: 'sign' } },
    async (request) => {
      const { wallet_name: wallet, hotkey_name: hotkey, messages } = request.body;
      if (request.audit) {
        request.audit.wallet = wallet;
        request.audit.hotkey = hotkey;
        request.audit.paramsDigest = messagesDigest(messages);
        request.audit.paramsSummary = `messages=${messages.length}`;
      }
      const stopTimer = request.server.metrics.signingDuration.startTimer({ operation: 'sign' });
      const result = await signMessages(signers, wallet, hotkey, messages);
      stopTimer();
      if (request.audit) {
        request.audit.keyAddress = result.signer;
      }
      return { success: true, ...result, request_id: request.id };
    },
  );

  app.post<{ Body: VerifyBody }>(
    '/wallet/verify',
    { schema: VERIFY_ROUTE_SCHEMA, config: { operation: 'verify', permission: null } },
    async (request) => {
      const { address, message, signature } = request.body;
      return {
        success: true,
        ...verifyMessage(address, message, signature),
        request_id: request.id,
      };
    },
  );
}
