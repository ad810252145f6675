import type { Devnet } from './devnet.js';

/** Formats the lines printed once the devnet is bootstrapped. */
export function formatDevnetSummary(devnet: Devnet, walletPath: string): string {
  const lines = [
    `endpoint:    ${devnet.endpoint}`,
    `netuid:      ${devnet.netuid} (tempo ${devnet.subnet.tempo}, weights version key ${devnet.subnet.weightsVersionKey})`,
    `sudo:        ${devnet.sudoAddress} (//Alice)`,
    `wallet path: ${walletPath}`,
  ];
  for (const neuron of devnet.neurons) {
    lines.push(
      `wallet ${neuron.name.padEnd(9)} uid ${String(neuron.uid).padEnd(3)} coldkey ${neuron.coldkey}  hotkey ${neuron.hotkeyName} ${neuron.hotkey}`,
    );
  }
  return lines.join('\n');
}
