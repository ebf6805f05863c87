/**
 * One line of a CSV file split into fields as RFC 4180 writes them (and Excel saves them): a field in double
 * quotes may hold commas, and `""` inside it is one quote. Unquoted fields are trimmed; text outside quotes is
 * taken as it is, so a lenient file still reads. A record never spans lines here: an import is one target per line.
 */
export function splitCsvLine(line: string): string[] | { reason: string } {
  const fields: string[] = [];
  let start = 0;
  for (;;) {
    let at = start;
    while (line[at] === ' ' || line[at] === '\t') at++;
    if (line[at] === '"') {
      let field = '';
      at++;
      for (;;) {
        const quote = line.indexOf('"', at);
        if (quote === -1) return { reason: 'a quoted field has no closing quote' };
        field += line.slice(at, quote);
        at = quote + 1;
        if (line[at] !== '"') break;
        field += '"';
        at++;
      }
      while (line[at] === ' ' || line[at] === '\t') at++;
      if (at < line.length && line[at] !== ',')
        return { reason: 'text after a closing quote (write a quote inside a quoted field as "")' };
      fields.push(field);
    } else {
      const comma = line.indexOf(',', start);
      at = comma === -1 ? line.length : comma;
      fields.push(line.slice(start, at).trim());
    }
    if (at >= line.length) return fields;
    start = at + 1;
  }
}
