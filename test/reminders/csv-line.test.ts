import { splitCsvLine } from '../../src/reminders/csv-line';

describe('splitCsvLine (watch import)', () => {
  it.each([
    ['mail.contoso.com', ['mail.contoso.com']],
    ['mail.contoso.com,30 14', ['mail.contoso.com', '30 14']],
    [' mail.contoso.com , 30 ', ['mail.contoso.com', '30']],
    ['"quoted.contoso.com",5', ['quoted.contoso.com', '5']],
    ['"quoted.contoso.com","30,14,7"', ['quoted.contoso.com', '30,14,7']],
    ['"a ""b"" c",', ['a "b" c', '']],
    ['"",x', ['', 'x']],
    ['x,,', ['x', '', '']],
  ])('%s', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it('names what is wrong with a broken quoted field', () => {
    expect(splitCsvLine('"mail.contoso.com,5')).toEqual({ reason: 'a quoted field has no closing quote' });
    expect(splitCsvLine('"mail"x,5')).toEqual({
      reason: 'text after a closing quote (write a quote inside a quoted field as "")',
    });
  });
});
