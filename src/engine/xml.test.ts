import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UnsafeXmlError, XmlSyntaxError, XmlTooLargeError, parseXml, xmlList, xmlNode, xmlText } from './xml.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

describe('parseXml refuses DTDs and entity declarations before parsing', () => {
  it('refuses an external entity pointing at a file (XXE)', () => {
    const xxe = `${DECL}<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><label>&x;</label></r>`;
    expect(() => parseXml(xxe)).toThrow(UnsafeXmlError);
    expect(() => parseXml(xxe)).toThrow(/DOCTYPE declaration refused: DTDs and entity declarations are never processed/);
  });

  it('refuses an external entity over the network and makes no connection', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const xxe = `<!DOCTYPE r SYSTEM "http://127.0.0.1:${port}/evil.dtd"><r>&x;</r>`;
      const inline = `<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]><r>&x;</r>`;
      expect(() => parseXml(xxe)).toThrow(UnsafeXmlError);
      expect(() => parseXml(inline)).toThrow(UnsafeXmlError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses billion laughs at once, without expanding anything', () => {
    const lol = [
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    expect(() => parseXml(lol)).toThrow(UnsafeXmlError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses parameter entities and every other markup declaration, in any case', () => {
    const samples = [
      '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>',
      '<r/><!ENTITY x "y">',
      '<!doctype r><r/>',
      '<!ELEMENT r ANY><r/>',
      '<!ATTLIST r a CDATA #IMPLIED><r/>',
    ];
    for (const xml of samples) expect(() => parseXml(xml), xml).toThrow(UnsafeXmlError);
    expect(() => parseXml('<!ENTITY x "y"><r/>')).toThrow(/ENTITY declaration refused/);
  });

  it('leaves undeclared entity references as written', () => {
    expect(parseXml('<r><a>x &nbsp; y &unknown;</a></r>')).toEqual({ r: { a: 'x &nbsp; y &unknown;' } });
  });

  it('does not mistake a DOCTYPE inside a comment or CDATA for a declaration', () => {
    const xml = '<r><!-- <!DOCTYPE x> --><a><![CDATA[<!DOCTYPE y [<!ENTITY z "z">]>]]></a></r>';
    expect(parseXml(xml)).toEqual({ r: { a: '<!DOCTYPE y [<!ENTITY z "z">]>' } });
  });
});

describe('parseXml limits', () => {
  it('refuses a document over the size cap with a clear error', () => {
    const big = `<r>${'<a>x</a>'.repeat(2000)}</r>`;
    expect(() => parseXml(big, { maxBytes: 1000 })).toThrow(XmlTooLargeError);
    expect(() => parseXml(big, { maxBytes: 1000 })).toThrow('XML document larger than 1000 bytes refused');
    expect(() => parseXml(big, { maxBytes: 1_000_000 })).not.toThrow();
  });

  it('counts UTF-8 bytes, not characters', () => {
    const xml = `<r>${'é'.repeat(600)}</r>`;
    expect(() => parseXml(xml, { maxBytes: 1000 })).toThrow(XmlTooLargeError);
    expect(xml.length).toBeLessThan(1000);
  });

  it('has an 8 MiB default', () => {
    const over = `<r>${'x'.repeat(8 * 1024 * 1024)}</r>`;
    expect(() => parseXml(over)).toThrow(XmlTooLargeError);
  });

  it('refuses nesting deeper than the cap', () => {
    const deep = `${'<a>'.repeat(200)}x${'</a>'.repeat(200)}`;
    expect(() => parseXml(deep)).toThrow(XmlSyntaxError);
    expect(() => parseXml(deep, { maxDepth: 300 })).not.toThrow();
  });

  it('refuses a document cut short instead of returning part of it', () => {
    const full = `${DECL}<Users><User><loginId>1</loginId></User><User><loginId>2</loginId></User></Users>`;
    expect(() => parseXml(full.slice(0, full.length - 20))).toThrow(XmlSyntaxError);
    expect(() => parseXml('<r><a>unclosed comment <!-- x</a></r>')).toThrow(XmlSyntaxError);
  });
});

describe('parseXml values', () => {
  it('keeps element text as strings: ids with leading zeros, booleans as written', () => {
    const doc = parseXml(`${DECL}<ReasonCode><id>007</id><code>32767</code><forAll>True</forAll><label>1e3</label></ReasonCode>`);
    expect(doc).toEqual({ ReasonCode: { id: '007', code: '32767', forAll: 'True', label: '1e3' } });
  });

  it('decodes the predefined entities and character references, once', () => {
    const doc = parseXml('<r a="x &amp; &quot;y&quot;"><label>Sales &amp; Support &lt;EU&gt; &#233;&#xE9; &amp;lt;</label></r>');
    expect(doc).toEqual({ r: { '@a': 'x & "y"', label: 'Sales & Support <EU> éé &lt;' } });
  });

  it('keeps CDATA content exactly as written', () => {
    expect(parseXml('<r><a><![CDATA[a &amp; <b> ]]></a></r>')).toEqual({ r: { a: 'a &amp; <b>' } });
  });

  it('reads empty elements as empty text and attributes with a prefix', () => {
    expect(parseXml('<ReasonCodes category="NOT_READY"><label/></ReasonCodes>')).toEqual({
      ReasonCodes: { '@category': 'NOT_READY', label: '' },
    });
  });

  it('does not let element names reach the object prototype', () => {
    expect(() => parseXml('<r><__proto__><polluted>yes</polluted></__proto__></r>')).toThrow(XmlSyntaxError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseXml('<r><constructor><prototype>x</prototype></constructor></r>')).toThrow(XmlSyntaxError);
  });
});

describe('parseXml names and lists', () => {
  it('spells the names the caller gives the same whatever the case in the document', () => {
    const xml = '<Team><users><User><reasonCode><LABEL>Lunch</LABEL></reasonCode></User></users></Team>';
    const doc = parseXml(xml, { names: ['Users', 'ReasonCode', 'label'] });
    expect(doc).toEqual({ Team: { Users: { User: { ReasonCode: { label: 'Lunch' } } } } });
  });

  it('makes list items arrays even with one item, but never the root', () => {
    const one = parseXml('<Teams><Team><id>1</id></Team></Teams>', { arrays: ['Team'] });
    expect(one).toEqual({ Teams: { Team: [{ id: '1' }] } });
    const root = parseXml('<Team><id>1</id></Team>', { arrays: ['Team'] });
    expect(root).toEqual({ Team: { id: '1' } });
    const odd = parseXml('<teams><TEAM><id>1</id></TEAM></teams>', { arrays: ['Team'] });
    expect(odd).toEqual({ teams: { Team: [{ id: '1' }] } });
  });

  it('has helpers for text, single elements and lists', () => {
    const doc = parseXml('<r><a x="1">t</a><b><c>1</c></b><b><c>2</c></b><e/></r>');
    const r = xmlNode(doc.r);
    expect(xmlText(r?.a)).toBe('t');
    expect(xmlText(r?.e)).toBe('');
    expect(xmlText(r?.missing)).toBeUndefined();
    expect(xmlNode(r?.b)).toEqual({ c: '1' });
    expect(xmlList(r?.b)).toEqual([{ c: '1' }, { c: '2' }]);
    expect(xmlList(r?.e)).toEqual([]);
    expect(xmlList(undefined)).toEqual([]);
  });
});
