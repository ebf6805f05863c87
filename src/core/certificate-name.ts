/**
 * Node writes a certificate's names with RFC 4514 escapes (`CN=a\, b`, `\<`, `\;`): people should read the name
 * as the certificate has it, in Slack and in the terminal alike.
 */
export function plainName(name: string): string {
  return name.replace(/\\([\\,+"<>;=# ])/g, '$1');
}
