/** One line of `infrabot doctor`: ✓ passed, ✗ failed (with a fix), – not applicable here. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'fail',
  detail,
  fix,
});
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail });

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

export function formatCheck(result: CheckResult): string {
  const line = `${MARK[result.status]} ${result.name}: ${result.detail}`;
  return result.fix ? `${line}\n    fix: ${result.fix}` : line;
}
