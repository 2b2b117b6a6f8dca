import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const WORKFLOW_DIR = path.join(ROOT, '.github', 'workflows');
const packageScripts: Record<string, string> = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
const workflows = readdirSync(WORKFLOW_DIR)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => ({ file, text: readFileSync(path.join(WORKFLOW_DIR, file), 'utf8') }));

function steps(workflow: any): any[] {
  return Object.values(workflow.jobs as Record<string, any>).flatMap((job) => job.steps ?? []);
}

describe('GitHub workflows', () => {
  test('there is a pull request and a deploy workflow', () => {
    expect(workflows.map((workflow) => workflow.file).sort()).toEqual(['deploy.yml', 'pull-request.yml']);
  });

  test.each(workflows.map((workflow) => [workflow.file, workflow.text] as const))('%s parses', (_file, text) => {
    const workflow = parse(text);
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
  });

  test.each(workflows.map((workflow) => [workflow.file, workflow.text] as const))(
    '%s pins every action by commit',
    (_file, text) => {
      for (const step of steps(parse(text))) {
        if (step.uses) {
          expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        }
      }
    },
  );

  test.each(workflows.map((workflow) => [workflow.file, workflow.text] as const))(
    '%s grants least-privilege permissions',
    (_file, text) => {
      const permissions = parse(text).permissions;
      expect(permissions).toBeDefined();
      expect(permissions.contents).toBe('read');
      expect(Object.values(permissions).every((level) => level === 'read' || level === 'write')).toBe(true);
      expect(permissions).not.toHaveProperty('actions');
    },
  );

  test.each(workflows.map((workflow) => [workflow.file, workflow.text] as const))(
    '%s runs only scripts that exist',
    (_file, text) => {
      const commands = steps(parse(text))
        .map((step) => step.run)
        .filter((run): run is string => typeof run === 'string');
      for (const command of commands) {
        for (const match of command.matchAll(/npm run(?: -s)? ([\w:-]+)/g)) {
          expect({ script: match[1], defined: match[1] in packageScripts }).toEqual({ script: match[1], defined: true });
        }
        for (const match of command.matchAll(/node dist\/scripts\/([\w-]+)\.js/g)) {
          const source = path.join(ROOT, 'scripts', `${match[1]}.ts`);
          expect({ source, exists: existsSync(source) }).toEqual({ source, exists: true });
        }
      }
    },
  );

  test('secrets are passed as environment variables, never echoed', () => {
    for (const { text } of workflows) {
      for (const command of steps(parse(text)).map((step) => String(step.run ?? ''))) {
        expect(command).not.toMatch(/secrets\./);
        expect(command).not.toMatch(/echo .*(TOKEN|SECRET)/);
      }
    }
  });

  test('deploys never run concurrently and wait for approval', () => {
    const deploy = parse(workflows.find((workflow) => workflow.file === 'deploy.yml')!.text);
    expect(deploy.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
    expect(deploy.jobs.deploy.environment).toBe('production');
  });

  test('pull requests get the plan summary and the Checkov scan', () => {
    const text = workflows.find((workflow) => workflow.file === 'pull-request.yml')!.text;
    expect(text).toContain('node dist/scripts/plan-stacks.js');
    expect(text).toContain('npm run -s plan:summary');
    expect(text).toContain('checkov');
    expect(text).toContain("contains(github.event.pull_request.labels.*.name, 'allow-data-loss')");
  });
});
