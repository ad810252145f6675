import type { FastifyInstance } from 'fastify';
import type { KeyStatusView, SignerSource } from '../operations/signer-source.js';
import { WALLET_INFO_ROUTE_SCHEMA, type WalletInfoQuery } from '../schemas/wallet-info.js';

function keyStatusBody(status: KeyStatusView) {
  return {
    name: status.name,
    address: status.address,
    can_sign: status.canSign,
    error: status.error,
  };
}

export function registerWalletInfoRoute(app: FastifyInstance, signers: SignerSource): void {
  app.get<{ Querystring: WalletInfoQuery }>(
    '/wallet/info',
    { schema: WALLET_INFO_ROUTE_SCHEMA, config: { operation: 'wallet_info', permission: null } },
    async (request) => {
      const wallet = request.query.wallet_name;
      const hotkey = request.query.hotkey_name ?? 'default';
      return {
        wallet_name: wallet,
        coldkey: keyStatusBody(signers.coldkeyStatus(wallet)),
        hotkey: keyStatusBody(signers.hotkeyStatus(wallet, hotkey)),
      };
    },
  );
}
