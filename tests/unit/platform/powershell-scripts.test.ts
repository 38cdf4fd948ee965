/**
 * The PowerShell scripts we ship, read with a real PowerShell grammar
 * (tree-sitter-powershell in web-tree-sitter): no PowerShell runs on Linux,
 * so this checks syntax and what the scripts call — not Windows PowerShell
 * 5.1 semantics or the cmdlets themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';

const root = new URL('../../..', import.meta.url).pathname;
const dir = join(root, 'resources/windows');
const require = createRequire(import.meta.url);
let parser: Parser;

beforeAll(async () => {
  await Parser.init();
  const powershell = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  parser = new Parser();
  parser.setLanguage(powershell);
});

function parse(text: string): Node {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  return tree.rootNode;
}

function all(node: Node, type: string): Node[] {
  return node.descendantsOfType(type).filter((n): n is Node => n !== null);
}

/** The name of a command node: `New-SmbMapping`, `net.exe` … */
function commandName(command: Node): string {
  return (command.childForFieldName('command_name')?.text ?? '').toLowerCase();
}

function enclosing(node: Node, type: string): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return n;
  return null;
}

const mapScript = () => readFileSync(join(dir, 'Map-NetworkDrive.ps1'), 'utf8');

describe('the shipped PowerShell scripts (syntax only: no PowerShell here)', () => {
  it('the parser finds a syntax error when there is one (so a clean parse means something)', () => {
    expect(parse('if ($x) { Write-Output "a"\n').hasError).toBe(true);
    expect(parse('if ($x) { Write-Output "a" }\n').hasError).toBe(false);
  });

  it('every script in resources/windows parses without an error or a missing node', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ps1'));
    expect(files).toContain('Map-NetworkDrive.ps1');
    for (const file of files) expect(parse(readFileSync(join(dir, file), 'utf8')).hasError, file).toBe(false);
  });
});

describe('Map-NetworkDrive.ps1 keeps the password out of every command line', () => {
  it('takes no password parameter: the password is one line read from its own stdin', () => {
    const tree = parse(mapScript());
    const params = all(tree, 'script_parameter').map((p) => p.text);
    expect(params.join('\n')).not.toMatch(/\$password/i);
    const assigned = all(tree, 'assignment_expression').filter((a) => /^\$password\s*=/i.test(a.text));
    expect(assigned.map((a) => a.text)).toEqual(['$password = [Console]::In.ReadLine()']);
  });

  it('runs no program: only cmdlets and its own functions, no net.exe, cmd or Start-Process', () => {
    const names = new Set(all(parse(mapScript()), 'command').map(commandName));
    expect([...names].sort()).toEqual(
      ['add-type', 'convertto-json', 'get-command', 'get-smbmapping', 'new-object', 'new-smbmapping', 'out-null', 'out-result', 'result-forerror', 'test-path'].sort(),
    );
    expect(mapScript()).not.toMatch(/net(\.exe)?\s+use/i);
  });

  it('hands the password only to New-SmbMapping -Password and to WNetAddConnection2W in this process', () => {
    const tree = parse(mapScript());
    const uses = all(tree, 'variable').filter((v) => v.text.toLowerCase() === '$password');
    expect(uses.length).toBeGreaterThanOrEqual(4);
    const where = uses.map((v) => {
      const command = enclosing(v, 'command');
      if (command) {
        const elements = command.childForFieldName('command_elements')?.namedChildren.filter((n): n is Node => n !== null && n.type !== 'command_argument_sep') ?? [];
        const at = elements.findIndex((e) => e.startIndex <= v.startIndex && v.endIndex <= e.endIndex);
        return `${commandName(command)} ${elements[at - 1]?.text ?? ''}`;
      }
      const call = enclosing(v, 'invokation_expression');
      if (call) return call.text.replace(/\(.*$/s, '');
      return enclosing(v, 'assignment_expression') ? 'assignment' : v.parent?.type ?? '?';
    });
    expect(new Set(where)).toEqual(new Set(['assignment', '[string]::IsNullOrEmpty', 'new-smbmapping -Password', '[HomeOfficeConnect.NetworkDrive]::Map']));
  });

  it('the fallback is WNetAddConnection2W from mpr.dll, compiled by Add-Type, not remembered at logon', () => {
    const text = mapScript();
    const csharp = /Add-Type -TypeDefinition @'\r?\n([\s\S]*?)\r?\n'@/.exec(text)?.[1] ?? '';
    expect(csharp).toContain('[DllImport("mpr.dll", CharSet = CharSet.Unicode, EntryPoint = "WNetAddConnection2W")]');
    expect(csharp).toMatch(/public int Type = 1; \/\/ RESOURCETYPE_DISK/);
    expect(csharp).toMatch(/return WNetAddConnection2\(resource, password, userName, 0\);/);
    expect(text).toContain('https://learn.microsoft.com/en-us/windows/win32/api/winnetwk/nf-winnetwk-wnetaddconnection2w');
    // Where policy forbids Add-Type (Constrained Language Mode), one JSON "failed" with the reason.
    expect(text).toMatch(/try \{\r?\nAdd-Type -TypeDefinition @'[\s\S]*?\r?\n'@\r?\n\} catch \{\r?\n {2}Out-Result 'failed' @\{ message = "Add-Type: /);
  });
});
