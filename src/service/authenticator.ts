import { ConfigError } from '../config/options.js';
import type { Logger } from '../log/logger.js';
import {
  TokenAuthenticator,
  TokenFileError,
  type ColdkeyPolicy,
  type ReloadResult,
} from '../security/index.js';
import type { Authenticator } from './auth/identity.js';
import { StaticTokenAuthenticator } from './auth/static-token.js';
import type { ServiceConfig } from './config.js';

/** Identity written to the audit log for the single token of `MANAGE_SERVICE_TOKEN`. */
export const STATIC_TOKEN_ID = 'env:MANAGE_SERVICE_TOKEN';

export interface ServiceAuthenticator extends Authenticator {
  /** Re-reads the token file; undefined without one. */
  reload(): ReloadResult | undefined;
  /** Coldkey policy of the token file as last loaded; absent without a token file. */
  coldkeyPolicy?(): ColdkeyPolicy;
}

/**
 * Builds the credential check the config selects: the token file's scoped
 * tokens (plus MANAGE_SERVICE_TOKEN when set), or the single token alone.
 */
export function createAuthenticator(config: ServiceConfig, logger: Logger): ServiceAuthenticator {
  const legacy = config.token && { value: config.token.value, id: STATIC_TOKEN_ID };
  if (config.tokenFile) {
    let tokens: TokenAuthenticator;
    try {
      tokens = new TokenAuthenticator({
        file: config.tokenFile,
        allowInsecurePermissions: config.allowInsecurePermissions,
        legacyToken: legacy,
        logger: logger.child({ component: 'tokens' }),
      });
    } catch (error) {
      if (error instanceof TokenFileError) {
        throw new ConfigError(error.message);
      }
      throw error;
    }
    if (tokens.activeTokens === 0 && !legacy) {
      throw new ConfigError(
        `token file ${config.tokenFile} has no active token and MANAGE_SERVICE_TOKEN is unset, so nobody could authenticate; create one with scripts/manage_tokens.sh create`,
      );
    }
    return {
      authenticate: (header) => tokens.authenticate(header),
      identityById: (id) => tokens.identityById(id),
      reload: () => tokens.reload(),
      coldkeyPolicy: () => tokens.coldkeyPolicy,
    };
  }
  logger.warn(
    'only MANAGE_SERVICE_TOKEN is configured: one token for every hotkey operation; use --auth.token_file for scoped tokens',
  );
  const single = new StaticTokenAuthenticator(legacy!.value, STATIC_TOKEN_ID);
  return { authenticate: (header) => single.authenticate(header), reload: () => undefined };
}
