import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argsForProgram, defaultPluginHome, legacyPluginPath, pluginCliDirName, pluginLauncher } from '../../../../functions/project-context-expander/plugin-install.js';

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
  it('names the given node in its #! line and imports the CLI entry from the copy beside it', () => {
    assert.equal(
      pluginLauncher('/opt/node/bin/node', 'contextcore-0123456789abcdef'),
      "#!/opt/node/bin/node\n// kustomize's ProjectContextExpander plugin, written by `contextcore kustomize install-plugin`: runs the ContextCore CLI in ./contextcore-0123456789abcdef.\ntypeof require === 'function' ? require('./contextcore-0123456789abcdef/contextcore.cjs') : import('./contextcore-0123456789abcdef/contextcore.cjs');\n",
    );
  });

  it('refuses an interpreter that would break the #! line, and a directory name that would break the import', () => {
    assert.throws(() => pluginLauncher('/usr/bin/node\nrm -rf', 'contextcore-1'), /invalid interpreter/);
    assert.throws(() => pluginLauncher(' ', 'contextcore-1'), /invalid interpreter/);
    assert.throws(() => pluginLauncher('/usr/bin/node', "x');process.exit(0);('"), /invalid directory name/);
    assert.throws(() => pluginLauncher('/usr/bin/node', '../elsewhere'), /invalid directory name/);
  });
});

describe("the directory of the installed plugin's copy of the CLI", () => {
  const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });
  const cases: Array<{ name: string; a: Array<ReturnType<typeof file>>; b: Array<ReturnType<typeof file>>; same: boolean }> = [
    { name: 'the same files in another order give the same name', a: [file('a.mjs', '1'), file('b.mjs', '2')], b: [file('b.mjs', '2'), file('a.mjs', '1')], same: true },
    { name: 'a changed file gives another name', a: [file('a.mjs', '1')], b: [file('a.mjs', '2')], same: false },
    { name: 'a renamed file gives another name', a: [file('a.mjs', '1')], b: [file('c.mjs', '1')], same: false },
    { name: 'bytes moved from one file to the next give another name', a: [file('a.mjs', '12'), file('b.mjs', '3')], b: [file('a.mjs', '1'), file('b.mjs', '23')], same: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.match(pluginCliDirName(c.a), /^contextcore-[0-9a-f]{16}$/);
      assert.equal(pluginCliDirName(c.a) === pluginCliDirName(c.b), c.same);
    });
  }
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
