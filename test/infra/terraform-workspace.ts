/**
 * Runs terraform on a throw-away copy of infra/, offline, with dummy credentials: no .terraform
 * directory, lock file or plan ever lands in the repository, and nothing can reach a real account.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INFRA_DIR = fileURLToPath(new URL('../../infra', import.meta.url));

/** Files terraform itself creates; a developer's local ones must not leak into the copy. */
const GENERATED = /^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*|tfplan.*|.*\.tfstate)$/;

export interface TerraformResult {
  stdout: string;
  stderr: string;
}

export class TerraformError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`terraform ${args.join(' ')} failed (exit ${exitCode}):\n${stderr || stdout}`);
    this.name = 'TerraformError';
  }
}

export class TerraformWorkspace {
  readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  /** Copies `source` (default infra/) to a new temporary directory. Call dispose() when done. */
  constructor(
    private readonly terraformBin: string,
    readonly pluginDir: string,
    source: string = INFRA_DIR,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'infrabot-infra-'));
    cpSync(source, this.root, { recursive: true, filter: (src) => !GENERATED.test(basename(src)) });

    // An empty CLI config: ignores the developer's ~/.terraformrc (credentials, mirrors) and a
    // TF_CLI_CONFIG_FILE pointing at a missing file, which would print a warning on every run.
    const cliConfig = join(this.root, '.terraformrc.test');
    writeFileSync(cliConfig, '');
    const missing = join(this.root, '.no-such-aws-file');
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(TF_|AWS_)/.test(k) && k !== 'CHECKPOINT_DISABLE'),
    );
    this.env = {
      ...inherited,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      // Dummy credentials, and no way to find real ones (profiles, SSO cache, instance metadata).
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_CONFIG_FILE: missing,
      AWS_SHARED_CREDENTIALS_FILE: missing,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Runs terraform in `dir` (relative to the copy); rejects with TerraformError on a non-zero exit. */
  run(args: readonly string[], dir = '.', timeoutMs = 120_000): Promise<TerraformResult> {
    return new Promise((resolve, reject) => {
      execFile(
        this.terraformBin,
        [...args],
        {
          cwd: this.path(dir),
          env: this.env,
          timeout: timeoutMs,
          maxBuffer: 64 * 1024 * 1024,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          if (error) {
            const code = typeof error.code === 'number' ? error.code : null;
            reject(new TerraformError(args, code, stdout, stderr || error.message));
          } else {
            resolve({ stdout, stderr });
          }
        },
      );
    });
  }

  /** `terraform init` from the local mirror only (-plugin-dir disables registry downloads). */
  init(dir = '.'): Promise<TerraformResult> {
    return this.run(
      ['init', '-backend=false', `-plugin-dir=${this.pluginDir}`, '-input=false', '-no-color'],
      dir,
    );
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
