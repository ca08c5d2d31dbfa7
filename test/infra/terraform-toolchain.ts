/**
 * Finds the terraform binary and a local copy of the hashicorp/aws provider, so the infra tests
 * run offline. Missing either is an error with instructions, never a skip: a skipped
 * infrastructure test looks exactly like a passing one in CI.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Versions of hashicorp/aws that satisfy infra/versions.tf (`~> 5.100`). */
export function satisfiesAwsConstraint(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m !== null && Number(m[1]) === 5 && Number(m[2]) >= 100;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The terraform binary: $TERRAFORM_BIN, then $PATH, then the usual install locations. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TERRAFORM_BIN) {
    if (isExecutableFile(env.TERRAFORM_BIN)) return env.TERRAFORM_BIN;
    throw new Error(`TERRAFORM_BIN=${env.TERRAFORM_BIN} is not an executable file.`);
  }
  const dirs = [
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/local/bin',
    '/usr/bin',
    '/opt/homebrew/bin',
    '/snap/bin',
    '/opt/terraform',
    join(homedir(), '.local', 'bin'),
    join(homedir(), 'bin'),
  ];
  for (const dir of dirs) {
    const candidate = join(dir, 'terraform');
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new Error(
    'terraform was not found on PATH or in /usr/local/bin, /usr/bin, /opt/homebrew/bin, ~/.local/bin. ' +
      'The infra tests need it: install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) ' +
      'or point TERRAFORM_BIN at the binary.',
  );
}

export interface ProviderMirror {
  /** Directory in the unpacked mirror layout: <dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/. */
  dir: string;
  /** hashicorp/aws versions present for this platform and allowed by versions.tf, newest first. */
  versions: string[];
}

/** Terraform's name for this machine's platform, e.g. linux_amd64. */
export function terraformPlatform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${process.platform}_${arch}`;
}

const AWS_PATH = join('registry.terraform.io', 'hashicorp', 'aws');

function compareVersionsDesc(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * All aws provider versions in a mirror directory that have a build for this platform, in either
 * layout Terraform accepts: unpacked (<version>/<os_arch>/terraform-provider-aws_*) or packed
 * (terraform-provider-aws_<version>_<os_arch>.zip, what `terraform providers mirror` writes).
 */
function awsVersionsIn(dir: string): string[] {
  const awsDir = join(dir, AWS_PATH);
  if (!existsSync(awsDir)) return [];
  const platform = terraformPlatform();
  const versions = new Set<string>();
  for (const entry of readdirSync(awsDir)) {
    const packed = new RegExp(`^terraform-provider-aws_(\\d+\\.\\d+\\.\\d+)_${platform}\\.zip$`).exec(entry);
    if (packed?.[1]) versions.add(packed[1]);
    const platformDir = join(awsDir, entry, platform);
    if (
      existsSync(platformDir) &&
      readdirSync(platformDir).some((f) => f.startsWith('terraform-provider-aws'))
    ) {
      versions.add(entry);
    }
  }
  return [...versions].sort(compareVersionsDesc);
}

/** Bounded filesystem search: depth-limited, pruning virtual filesystems and dependency trees. */
function searchFilesystem(): string[] {
  const result = spawnSync(
    'find',
    [
      '/',
      '-maxdepth',
      '10',
      '(',
      '-path',
      '/proc',
      '-o',
      '-path',
      '/sys',
      '-o',
      '-path',
      '/dev',
      '-o',
      '-path',
      '/run',
      '-o',
      '-name',
      'node_modules',
      '-o',
      '-name',
      '.git',
      ')',
      '-prune',
      '-o',
      '-name',
      'terraform-provider-aws*',
      '-path',
      `*/${AWS_PATH}/*`,
      '-print',
    ],
    { encoding: 'utf8', timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
  );
  const found = (result.stdout ?? '').split('\n').filter(Boolean);
  return [...new Set(found.map((path) => path.slice(0, path.indexOf(`/${AWS_PATH}/`))))];
}

/**
 * A provider mirror with a hashicorp/aws version that versions.tf accepts: $INFRABOT_TF_PLUGIN_DIR,
 * then the usual plugin directories, then a bounded search of the filesystem.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): ProviderMirror {
  const known = [
    env.INFRABOT_TF_PLUGIN_DIR,
    '/opt/tf-plugins',
    env.TF_PLUGIN_CACHE_DIR,
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ].filter((d): d is string => Boolean(d));

  const seen: string[] = [];
  const usableIn = (dir: string): ProviderMirror | undefined => {
    const all = awsVersionsIn(dir);
    if (all.length > 0) seen.push(`${dir} (${all.join(', ')})`);
    const usable = all.filter(satisfiesAwsConstraint);
    return usable.length > 0 ? { dir, versions: usable } : undefined;
  };
  for (const dir of known) {
    const mirror = usableIn(dir);
    if (mirror) return mirror;
  }
  // Only when the usual places have nothing: a filesystem search takes seconds.
  for (const dir of searchFilesystem()) {
    const mirror = usableIn(dir);
    if (mirror) return mirror;
  }
  throw new Error(
    `No local copy of the hashicorp/aws provider (~> 5.100, ${terraformPlatform()}) was found. ` +
      (seen.length > 0 ? `Found only incompatible versions: ${seen.join('; ')}. ` : '') +
      `Looked in ${known.join(', ')} and searched the filesystem. The infra tests run offline from an ` +
      'unpacked mirror (<dir>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_*): ' +
      'create one with `terraform providers mirror <dir>` on a machine with internet access, then set ' +
      'INFRABOT_TF_PLUGIN_DIR=<dir>.',
  );
}
