import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progress } from './report.js';
import { PROJECT_ROOT } from './service-process.js';

/**
 * Compiles src/ with tsconfig.build.json into `dir/dist`, as the Docker image
 * runs it (`node dist/service/cli.js`), and returns the service entry point.
 * `dir` gets a package.json of type module and a link to the repository's
 * node_modules, so the compiled files resolve their packages. Type errors do
 * not stop the build, because tsc still writes every file; they are counted.
 */
export function buildCompiled(dir: string): { entry: string; typeErrors: number } {
  progress(`compiling src/ into ${dir}/dist with tsconfig.build.json`);
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', path.join(dir, 'dist')],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  const typeErrors = (result.stdout.match(/error TS\d+/g) ?? []).length;
  const entry = path.join(dir, 'dist', 'service', 'cli.js');
  if (!existsSync(entry)) {
    throw new Error(
      `tsc wrote no ${entry} (exit ${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  if (!existsSync(path.join(dir, 'node_modules'))) {
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }
  return { entry, typeErrors };
}
