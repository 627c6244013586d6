import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, main } from '../plugins/cli/main.js';
import { runCli } from './helpers.js';

describe('contextcore CLI', () => {
  it('without a command it prints usage and exits 2', () => {
    const r = runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Usage:/);
  });

  it('an unknown command or flag is a usage error (exit 2) with the usage on stderr', () => {
    for (const args of [['frobnicate'], ['render', '--nope', 'x']]) {
      const r = runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Usage:/);
    }
  });

  it('--version prints the version', () => {
    assert.match(runCli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('render reads stdin, takes --config, and prints only YAML on stdout', () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n`;
    const r = runCli(['render', '-', '--config', 'examples/checkout/contextcore.yaml'], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    assert.match(r.stderr, /info: no ProjectContext in the input/);
  });

  it('a --config that is not a ProjectContextExpander is refused', () => {
    const r = runCli(['render', 'examples/inventory', '--config', 'examples/inventory/service.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /function config must be apiVersion fn\.contextcore\.io\/v1alpha1/);
  });

  it('plan --json prints the plans as JSON', () => {
    const r = runCli(['plan', 'examples/checkout', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const plans = JSON.parse(r.stdout);
    assert.equal(plans[0].kind, 'ObservabilityPlan');
  });

  it('validate prints nothing on stdout and a verdict on stderr', () => {
    const r = runCli(['validate', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /valid: 3 ProjectContext\(s\)/);
  });

  it('an unexpected failure is reported as a bug with exit code 70', () => {
    let err = '';
    const code = main(['render', 'examples/checkout'], {
      stdout: () => {
        throw new TypeError('boom');
      },
      stderr: (t) => void (err += t),
    });
    assert.equal(code, EXIT.bug);
    assert.equal(code, 70);
    assert.match(err, /internal error \(this is a bug in contextcore, please report it\)/);
  });
});
