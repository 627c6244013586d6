import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argsForProgram, defaultPluginHome, legacyPluginPath, withInterpreter } from '../../functions/project-context-expander/plugin-install.js';

describe('where the kustomize plugin is installed', () => {
  const cases: Array<{ name: string; env: Record<string, string>; home: string }> = [
    { name: '$KUSTOMIZE_PLUGIN_HOME comes first', env: { KUSTOMIZE_PLUGIN_HOME: '/opt/kplugins', XDG_CONFIG_HOME: '/x' }, home: '/opt/kplugins' },
    { name: 'then $XDG_CONFIG_HOME/kustomize/plugin', env: { XDG_CONFIG_HOME: '/x' }, home: '/x/kustomize/plugin' },
    { name: 'then ~/.config/kustomize/plugin', env: {}, home: '/home/dev/.config/kustomize/plugin' },
    { name: 'empty variables count as unset', env: { KUSTOMIZE_PLUGIN_HOME: '', XDG_CONFIG_HOME: '' }, home: '/home/dev/.config/kustomize/plugin' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(defaultPluginHome(c.env, '/home/dev'), c.home));
  }

  it('the plugin sits at <home>/<group>/<version>/<lowercase kind>/<Kind>', () => {
    assert.equal(legacyPluginPath('/h'), '/h/fn.contextcore.io/v1alpha1/projectcontextexpander/ProjectContextExpander');
  });
});

describe('the installed plugin file', () => {
  it('is the bundle with its #! line pointing at the given node', () => {
    assert.equal(withInterpreter('#!/usr/bin/env node\nconsole.log(1);\n', '/opt/node/bin/node'), '#!/opt/node/bin/node\nconsole.log(1);\n');
  });

  it('refuses a file that is not the bundle, and an interpreter that would break the #! line', () => {
    assert.throws(() => withInterpreter('console.log(1)', '/usr/bin/node'), /#! line/);
    assert.throws(() => withInterpreter('#!/x\n', '/usr/bin/node\nrm -rf'), /invalid interpreter/);
    assert.throws(() => withInterpreter('#!/x\n', ' '), /invalid interpreter/);
  });
});

describe('the command a program name stands for', () => {
  const cases: Array<{ name: string; program: string | undefined; args: string[]; expect: string[] }> = [
    { name: 'the installed plugin runs kustomize plugin with the config path kustomize passes', program: '/h/fn.contextcore.io/v1alpha1/projectcontextexpander/ProjectContextExpander', args: ['/tmp/kust-plugin-config-1'], expect: ['kustomize', 'plugin', '/tmp/kust-plugin-config-1'] },
    { name: 'contextcore-fn is the KRM function, as kustomize exec functions are called without arguments', program: '/usr/local/bin/contextcore-fn', args: [], expect: ['fn'] },
    { name: 'contextcore is the CLI', program: '/usr/local/bin/contextcore', args: ['render', '.'], expect: ['render', '.'] },
    { name: 'the bundle by its file name is the CLI', program: 'dist/contextcore.cjs', args: ['fn'], expect: ['fn'] },
    { name: 'no program name is the CLI', program: undefined, args: ['plan'], expect: ['plan'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(argsForProgram(c.program, c.args), c.expect));
  }
});
