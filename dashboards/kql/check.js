// Parses and analyses KQL queries with Kusto's own language service (Kusto.Language, the parser
// behind Azure Data Explorer's and Azure Monitor's editors) against the table schemas given.
//
// stdin:  {"tables": {"requests": [["timestamp", "datetime"], ...], ...},
//          "queries": [{"where": "...", "text": "..."}, ...]}
// stdout: [{"where": "...", "severity": "Error", "message": "...", "start": 12, "length": 3}, ...]
//         one entry per diagnostic; an empty array when every query is clean.
'use strict';

const path = require('path');
const lib = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
require(path.join(lib, 'bridge.min.js'));
require(path.join(lib, 'Kusto.Language.Bridge.min.js'));

const K = global.Kusto.Language;
const S = K.Symbols;

function readStdin() {
  return require('fs').readFileSync(0, 'utf8');
}

function globalsFor(tables) {
  const symbols = Object.entries(tables).map(([name, columns]) => {
    const cols = columns.map(([column, type]) => {
      const scalar = S.ScalarTypes.GetSymbol(type);
      if (scalar == null) {
        throw new Error(`table ${name}: unknown column type ${type} of ${column}`);
      }
      return new S.ColumnSymbol(column, scalar, null, null, null, null);
    });
    return new S.TableSymbol.$ctor4(name, cols);
  });
  // A closed database: a name that is no table, column or function is an error.
  const db = new S.DatabaseSymbol.$ctor1('telemetry', symbols, false);
  return K.GlobalState.Default.WithDatabase(db);
}

const input = JSON.parse(readStdin());
const globals = globalsFor(input.tables);
const out = [];
for (const q of input.queries) {
  const code = K.KustoCode.ParseAndAnalyze(q.text, globals);
  const diagnostics = code.GetDiagnostics();
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    out.push({
      where: q.where,
      severity: String(d.Severity),
      message: String(d.Message),
      start: d.Start,
      length: d.Length,
    });
  }
}
process.stdout.write(JSON.stringify(out));
