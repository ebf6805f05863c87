import { parseAutodiscoverResponse } from '../../../src/probes/autodiscover/parse-response';
import {
  errorXml,
  MAILBOX_GUID,
  redirectAddrXml,
  redirectUrlXml,
  settingsXml,
} from '../../fixtures/autodiscover-emulator';

describe('parseAutodiscoverResponse', () => {
  it('reads EXPR and the mapiHttp URLs (attribute form) from Exchange settings', () => {
    const answer = parseAutodiscoverResponse(
      settingsXml({
        exprServer: 'mail.contoso.com',
        authPackage: 'Ntlm',
        certPrincipalName: 'msstd:mail.contoso.com',
        mapiHost: 'mail.contoso.com',
      }),
    );
    expect(answer).toEqual({
      kind: 'settings',
      settings: {
        displayName: 'Alice Smith',
        expr: {
          server: 'mail.contoso.com',
          ssl: true,
          authPackage: 'Ntlm',
          certPrincipalName: 'msstd:mail.contoso.com',
        },
        exhttp: [],
        mapiHttp: {
          version: '1',
          mailStore: {
            internalUrl: `https://mail.contoso.com/mapi/emsmdb/?MailboxId=${MAILBOX_GUID}@contoso.com`,
            externalUrl: `https://mail.contoso.com/mapi/emsmdb/?MailboxId=${MAILBOX_GUID}@contoso.com`,
          },
          addressBook: {
            internalUrl: `https://mail.contoso.com/mapi/nspi/?MailboxId=${MAILBOX_GUID}@contoso.com`,
          },
        },
      },
    });
  });

  it('reads prefixed namespaces, EXHTTP blocks, SSL Off and entities', () => {
    const body = `<?xml version="1.0"?><a:Autodiscover xmlns:a="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><o:Response xmlns:o="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><o:Account><o:Action>settings</o:Action><o:Protocol><o:Type>EXHTTP</o:Type><o:Server>int.contoso.local</o:Server><o:SSL>Off</o:SSL></o:Protocol><o:Protocol><o:Type>EXHTTP</o:Type><o:Server>mail.contoso.com&amp;x</o:Server></o:Protocol></o:Account></o:Response></a:Autodiscover>`;
    expect(parseAutodiscoverResponse(body)).toEqual({
      kind: 'settings',
      settings: {
        exhttp: [
          { server: 'int.contoso.local', ssl: false },
          { server: 'mail.contoso.com&x', ssl: true },
        ],
      },
    });
  });

  it('reads errors, redirectUrl and redirectAddr', () => {
    expect(parseAutodiscoverResponse(errorXml('500', "The email address can't be found."))).toEqual({
      kind: 'error',
      code: '500',
      message: "The email address can't be found.",
    });
    expect(
      parseAutodiscoverResponse(redirectUrlXml('https://mail.contoso.com/autodiscover/autodiscover.xml')),
    ).toEqual({
      kind: 'redirectUrl',
      url: 'https://mail.contoso.com/autodiscover/autodiscover.xml',
    });
    expect(parseAutodiscoverResponse(redirectAddrXml('alice@contoso.mail.onmicrosoft.com'))).toEqual({
      kind: 'redirectAddr',
      address: 'alice@contoso.mail.onmicrosoft.com',
    });
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Autodiscover>&b;</Autodiscover>', /DTD/],
    ['<?xml version="1.0"?><!DOCTYPE Autodiscover SYSTEM "file:///etc/passwd"><Autodiscover/>', /DTD/],
    [`<Autodiscover>${'x'.repeat(300 * 1024)}</Autodiscover>`, /larger than 256 KB/],
    ['<Autodiscover><Response></Autodiscover>', /not well-formed/],
    ['<html><body>hello</body></html>', /root element is not <Autodiscover>/],
    ['<Autodiscover xmlns="http://evil.example/ns"><Response/></Autodiscover>', /namespace "http:\/\/evil/],
    [
      '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="https://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account/></Response></Autodiscover>',
      /not the Outlook schema/,
    ],
    ['not xml at all', /root element|not well-formed/],
    [`${'<a>'.repeat(200)}${'</a>'.repeat(200)}`, /not readable|root element|not well-formed/],
    [redirectUrlXml('').replace('<RedirectUrl></RedirectUrl>', ''), /without a <RedirectUrl>/],
  ])('refuses hostile or wrong XML %#', (body, reason) => {
    const answer = parseAutodiscoverResponse(body);
    expect(answer.kind).toBe('invalid');
    if (answer.kind === 'invalid') expect(answer.reason).toMatch(reason);
  });
});
