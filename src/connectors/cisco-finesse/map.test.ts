import { describe, expect, it } from 'vitest';
import { xmlList, xmlNode } from '../../engine/xml.ts';
import { entitySchemas } from '../../model.ts';
import { parseFinesseXml } from './api.ts';
import { mapReasonCode, mapTeam, mapUser, mapWrapUpReason } from './map.ts';

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

// Shaped as reference §3.6 describes a real UCCX 12.5 list: an <id> the docs omit, system codes flagged,
// not sorted by id, `True` in one item as an older doc example writes it.
const REASON_CODES = `${DECL}
<ReasonCodes category="LOGOUT">
  <ReasonCode>
    <uri>/finesse/api/ReasonCode/41</uri>
    <category>LOGOUT</category>
    <code>32767</code>
    <label>Device Conflict</label>
    <forAll>true</forAll>
    <systemCode>true</systemCode>
    <id>41</id>
  </ReasonCode>
  <ReasonCode>
    <uri>/finesse/api/ReasonCode/7</uri>
    <category>LOGOUT</category>
    <code>007</code>
    <label>End of shift &amp; handover</label>
    <forAll>false</forAll>
    <systemCode>false</systemCode>
    <id>7</id>
  </ReasonCode>
  <ReasonCode>
    <uri>finesse/api/ReasonCode/26</uri>
    <category>LOGOUT</category>
    <code>22</code>
    <label>Supervisor Initiated</label>
    <forAll>True</forAll>
    <systemCode>True</systemCode>
  </ReasonCode>
</ReasonCodes>`;

const codesOf = (xml: string) => xmlList(xmlNode(parseFinesseXml(xml).ReasonCodes)?.ReasonCode);

describe('reason codes', () => {
  it('maps a system code, keeping Finesse`s code apart from the DB id', () => {
    const [deviceConflict] = codesOf(REASON_CODES);
    const record = mapReasonCode(deviceConflict!, 'LOGOUT', ['1']);
    expect(record).toMatchObject({
      externalId: '41',
      name: 'Device Conflict',
      category: 'logout',
      isSystem: true,
      active: true,
      code: '32767',
      teamIds: [],
    });
    expect(record?.raw).toBe(deviceConflict);
    expect(entitySchemas.reasonCode.safeParse(record).success).toBe(true);
  });

  it('keeps ids and codes as text (007 stays 007) and decodes entities in labels', () => {
    const record = mapReasonCode(codesOf(REASON_CODES)[1]!, 'LOGOUT', ['12', '3', '12']);
    expect(record).toMatchObject({ externalId: '7', code: '007', name: 'End of shift & handover', isSystem: false });
    expect(record?.teamIds).toEqual(['3', '12']);
  });

  it('takes the id from the uri when <id> is missing (with or without the leading slash), and reads True as true', () => {
    expect(mapReasonCode(codesOf(REASON_CODES)[2]!, 'LOGOUT', [])).toMatchObject({ externalId: '26', isSystem: true, teamIds: [] });
  });

  it('keeps the list order as given (no sorting assumed) and every item, system codes included', () => {
    expect(codesOf(REASON_CODES).map((rc) => mapReasonCode(rc, 'LOGOUT', [])?.externalId)).toEqual(['41', '7', '26']);
  });

  it('takes the category from the list when the item does not say, and reads odd case', () => {
    const xml = `<ReasonCodes category="NOT_READY"><reasonCode><URI>/finesse/api/ReasonCode/9</URI><Label>Lunch</Label><Code>71</Code><ForAll>false</ForAll></reasonCode></ReasonCodes>`;
    const [item] = codesOf(xml);
    expect(mapReasonCode(item!, 'NOT_READY', ['5'])).toMatchObject({
      externalId: '9',
      name: 'Lunch',
      code: '71',
      category: 'not_ready',
      isSystem: false,
      teamIds: ['5'],
    });
  });

  it('names a code without label by its code, sends unknown categories to other, and skips items with no id', () => {
    expect(mapReasonCode({ id: '3', code: '12', category: 'WRAPUP' }, null, [])).toMatchObject({
      name: '12',
      category: 'other',
      code: '12',
    });
    expect(mapReasonCode({ label: 'nothing to key it by' }, 'NOT_READY', [])).toBeUndefined();
  });
});

describe('users', () => {
  const USER = `${DECL}
<User>
  <uri>/finesse/api/User/1001</uri>
  <roles><role>Agent</role><role>Supervisor</role></roles>
  <loginId>1001</loginId>
  <loginName>jdoe</loginName>
  <state>NOT_READY</state>
  <reasonCodeId>-1</reasonCodeId>
  <ReasonCode><category>NOT_READY</category><code>32760</code><label>Agent Logon</label><forAll>true</forAll><id>30</id></ReasonCode>
  <firstName>Jane</firstName>
  <lastName>Doe</lastName>
  <teamId>5</teamId>
  <teamName>Sales</teamName>
  <teams><Team><uri>/finesse/api/Team/6</uri><id>6</id><name>Support</name></Team></teams>
</User>`;

  it('maps a full User by its login id, with its team', () => {
    const user = xmlNode(parseFinesseXml(USER).User)!;
    const record = mapUser(user);
    expect(record).toMatchObject({
      externalId: '1001',
      name: 'Jane Doe',
      username: 'jdoe',
      email: null,
      state: 'active',
      teamId: '5',
      divisionId: null,
    });
    expect(entitySchemas.agent.safeParse(record).success).toBe(true);
  });

  it('maps a Team member summary with the team it was listed in', () => {
    const team = `<Team><uri>/finesse/api/Team/6</uri><id>6</id><name>Support</name><users><User><uri>/finesse/api/User/2002</uri><loginId>2002</loginId><firstName>Al</firstName><lastName></lastName><reasonCode><label>Break</label></reasonCode></User><User><uri>/finesse/api/User/2003</uri></User></users></Team>`;
    const members = xmlList(xmlNode(xmlNode(parseFinesseXml(team).Team)?.Users)?.User);
    expect(members.map((m) => mapUser(m, '6'))).toMatchObject([
      { externalId: '2002', name: 'Al', username: null, teamId: '6' },
      { externalId: '2003', name: '2003', teamId: '6' },
    ]);
  });
});

describe('teams and wrap-up reasons', () => {
  it('maps a team from Teams', () => {
    const [team] = xmlList(
      xmlNode(parseFinesseXml('<Teams><Team><uri>/finesse/api/Team/5</uri><id>5</id><name>Sales</name></Team></Teams>').Teams)?.Team,
    );
    expect(mapTeam(team!)).toEqual({ externalId: '5', raw: team, name: 'Sales', divisionId: null });
  });

  it('maps wrap-up reasons with their teams, keyed by the uri (the list has no <id>)', () => {
    const xml = `<WrapUpReasons><WrapUpReason><uri>/finesse/api/WrapUpReason/205</uri><label>Sale</label><forAll>false</forAll></WrapUpReason><WrapUpReason><uri>/finesse/api/WrapUpReason/3</uri><label>Other</label><forAll>TRUE</forAll></WrapUpReason></WrapUpReasons>`;
    const items = xmlList(xmlNode(parseFinesseXml(xml).WrapUpReasons)?.WrapUpReason);
    const [sale, other] = items.map((w) => mapWrapUpReason(w, ['6', '5']));
    expect(sale).toMatchObject({ externalId: '205', name: 'Sale', teamIds: ['5', '6'], divisionId: null });
    expect(other).toMatchObject({ externalId: '3', teamIds: [] });
    expect(entitySchemas.wrapUpCode.safeParse(sale).success).toBe(true);
  });
});
