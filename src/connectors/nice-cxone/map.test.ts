import { describe, expect, it } from 'vitest';
import { entitySchemas } from '../../model.ts';
import {
  mapAgent,
  mapCompletedContact,
  mapDisposition,
  mapPlayback,
  mapSkill,
  mapSkillAssignment,
  mapTeam,
  mapUnavailableCode,
  parseTime,
} from './map.ts';

// Payloads shaped as reference/nice-cxone-api.md §4 and §5 describe them (v34.0 field names).
const agent = {
  agentId: 1234567,
  userID: '11eb660f-4c6d-4ad0-8733-0242ac110003',
  userName: 'ada@acme.com',
  firstName: 'Ada',
  middleName: '',
  lastName: 'Lovelace',
  emailAddress: 'ada.lovelace@acme.com',
  isActive: true,
  teamId: 4200,
  teamName: 'Billing',
  profileName: 'Agent',
};

describe('NICE CXone payloads → unified records', () => {
  it('maps an agent (employee) by its numeric agentId', () => {
    const record = mapAgent(agent);
    expect(record).toMatchObject({
      externalId: '1234567',
      name: 'Ada Lovelace',
      email: 'ada.lovelace@acme.com',
      username: 'ada@acme.com',
      state: 'active',
      divisionId: null,
      teamId: '4200',
    });
    expect(record.raw).toBe(agent);
    expect(mapAgent({ ...agent, isActive: false, firstName: '', lastName: null, teamId: 0 })).toMatchObject({
      name: 'ada@acme.com',
      state: 'inactive',
      teamId: null,
    });
    expect(entitySchemas.agent.safeParse(record).success).toBe(true);
  });

  it('maps a team', () => {
    const team = {
      teamId: 4200,
      teamName: 'Billing',
      isActive: true,
      teamUuid: 'x',
      agentCount: 12,
      lastUpdateTime: '2026-01-02T03:04:05.1234567Z',
    };
    expect(mapTeam(team)).toEqual({ externalId: '4200', raw: team, name: 'Billing', divisionId: null });
  });

  it('maps a skill as a queue, and an assignment as a queue member `${skillId}:${agentId}`', () => {
    const skill = {
      skillId: 99,
      skillName: 'Billing Voice',
      mediaTypeId: 4,
      mediaTypeName: 'Phone Call',
      isActive: true,
      isOutbound: false,
    };
    expect(mapSkill(skill)).toEqual({ externalId: '99', raw: skill, name: 'Billing Voice', divisionId: null, description: null });
    const assignment = {
      skillId: 99,
      skillName: 'Billing Voice',
      agentId: 1234567,
      agentProficiencyValue: 1,
      isActive: false,
      isSkillActive: true,
    };
    expect(mapSkillAssignment(assignment)).toEqual({
      externalId: '99:1234567',
      raw: assignment,
      queueId: '99',
      agentId: '1234567',
      joined: false,
    });
    expect(mapSkillAssignment({ skillId: 99 })).toBeUndefined();
  });

  it('maps unavailable codes as not-ready reason codes, in both shapes the API uses', () => {
    const listed = { id: 17, name: 'Lunch', isActive: true, isACW: false, agentTimeout: 0 };
    expect(mapUnavailableCode(listed)).toEqual({
      externalId: '17',
      raw: listed,
      name: 'Lunch',
      category: 'not_ready',
      isSystem: false,
      active: true,
      code: null,
      teamIds: [],
    });
    const ofTeam = { outstateId: 18, outstateName: 'Coaching', isActive: false, isAcw: true, agentTimeoutMins: 5 };
    expect(mapUnavailableCode(ofTeam)).toMatchObject({ externalId: '18', name: 'Coaching', active: false, category: 'not_ready' });
    expect(mapUnavailableCode({ outStateId: 19, outStateName: 'Training' })).toMatchObject({
      externalId: '19',
      name: 'Training',
      active: true,
    });
    expect(mapUnavailableCode({ name: 'no id' })).toBeUndefined();
  });

  it('maps a disposition as a wrap-up code', () => {
    const disposition = { dispositionId: 5, dispositionName: 'Resolved', classificationId: 1, isActive: true, systemOutcome: 'Complete' };
    expect(mapDisposition(disposition)).toEqual({ externalId: '5', raw: disposition, name: 'Resolved', divisionId: null, teamIds: [] });
  });

  const contact = {
    contactId: 123456789012,
    masterContactId: 123456789012,
    contactStartDate: '2026-03-01T10:00:00.1234567Z',
    lastUpdateTime: '2026-03-01T10:20:00.0000000Z',
    agentId: 1234567,
    teamId: 4200,
    skillId: 99,
    mediaTypeId: 4,
    mediaTypeName: 'Phone Call',
    fromAddress: '+15551230000',
    toAddress: '+18005550100',
    isOutbound: false,
    abandoned: false,
    totalDurationSeconds: 600,
    primaryDispositionId: 5,
    secondaryDispositionId: 0,
  };

  it('maps a completed contact as an ended interaction', () => {
    const record = mapCompletedContact(contact);
    expect(record).toEqual({
      externalId: '123456789012',
      raw: contact,
      channel: 'voice',
      direction: 'inbound',
      startedAt: '2026-03-01T10:00:00.123Z',
      endedAt: '2026-03-01T10:10:00.123Z',
      queueIds: ['99'],
      agentIds: ['1234567'],
      wrapUpCodeIds: ['5'],
      divisionIds: [],
      customerAddress: '+15551230000',
      dialedAddress: '+18005550100',
      hasRecording: true,
    });
    expect(entitySchemas.interaction.safeParse(record).success).toBe(true);
  });

  it('reads outbound contacts, other media and contacts nobody answered', () => {
    expect(mapCompletedContact({ ...contact, isOutbound: true })).toMatchObject({ direction: 'outbound', customerAddress: '+18005550100' });
    expect(mapCompletedContact({ ...contact, mediaTypeName: 'Chat', mediaTypeId: 3 }).channel).toBe('chat');
    expect(mapCompletedContact({ ...contact, mediaTypeName: 'Email' }).channel).toBe('email');
    expect(mapCompletedContact({ ...contact, mediaTypeName: 'SMS' }).channel).toBe('message');
    expect(mapCompletedContact({ ...contact, mediaTypeName: undefined, mediaTypeId: 3 }).channel).toBe('chat');
    expect(mapCompletedContact({ ...contact, mediaTypeName: 'Work Item', mediaTypeId: 6 }).channel).toBe('other');
    // Names are remembered, ids are not: a blank name still falls back to the contact's own media type.
    expect(mapCompletedContact({ ...contact, mediaTypeName: ' ', mediaTypeId: 4 }).channel).toBe('voice');
    expect(mapCompletedContact({ ...contact, mediaTypeName: ' ', mediaTypeId: 3 }).channel).toBe('chat');
    expect(mapCompletedContact({ ...contact, mediaTypeName: ' Email ', mediaTypeId: 4 }).channel).toBe('email');
    const abandoned = mapCompletedContact({ ...contact, agentId: 0, abandoned: true, primaryDispositionId: 0, isOutbound: undefined });
    expect(abandoned).toMatchObject({ agentIds: [], wrapUpCodeIds: [], hasRecording: false, direction: 'unknown' });
  });

  it('reads CXone timestamps as UTC, with or without a zone', () => {
    expect(parseTime('2021-07-21T13:38:15.3560573Z')?.toISOString()).toBe('2021-07-21T13:38:15.356Z');
    expect(parseTime('2021-07-21T13:38:15')?.toISOString()).toBe('2021-07-21T13:38:15.000Z');
    expect(parseTime('2021-07-21T13:38:15+02:00')?.toISOString()).toBe('2021-07-21T11:38:15.000Z');
    expect(parseTime('yesterday')).toBeUndefined();
    expect(parseTime(undefined)).toBeUndefined();
  });

  it('maps a Media Playback contact as one recording per interaction, keyed by its segment, without the signed link', () => {
    const body = {
      contactId: 'a8b7c6d5-0000-4000-8000-000000000001',
      acdcontactId: '123456789012',
      elevatedInteraction: false,
      interactions: [
        {
          '@type': 'call',
          mediaType: 'voice-only',
          channelType: 'PHONE_CALL',
          startTime: '2026-03-01T10:00:05.000Z',
          endTime: '2026-03-01T10:09:00.000Z',
          data: {
            fileToPlayUrl: 'https://media.example.com/abc.mp4?X-Amz-Signature=secret',
            segmentsDataList: [{ segmentId: 'seg-1', directionType: 'INBOUND' }],
            participantDataList: [{ participantType: 'AGENT', segmentId: 'seg-1' }],
          },
        },
        { '@type': 'chat', mediaType: 'chat', channelType: 'CHAT', startTime: '2026-03-01T11:00:00Z', data: {} },
      ],
    };
    const [call, chat] = mapPlayback('123456789012', body);
    expect(call?.fileToPlayUrl).toBe('https://media.example.com/abc.mp4?X-Amz-Signature=secret');
    expect(call?.record).toMatchObject({
      externalId: 'seg-1',
      interactionId: '123456789012',
      mediaKind: 'audio',
      startedAt: '2026-03-01T10:00:05.000Z',
      endedAt: '2026-03-01T10:09:00.000Z',
      state: 'listed',
      sha256: null,
    });
    expect(JSON.stringify(call?.record.raw)).not.toContain('X-Amz-Signature');
    expect(chat?.record).toMatchObject({ externalId: '123456789012:1', mediaKind: 'chat', endedAt: null });
    expect(chat?.fileToPlayUrl).toBeNull();
    expect(entitySchemas.recording.safeParse(call?.record).success).toBe(true);
    expect(mapPlayback('1', { Interactions: [{ mediaType: 'voice-and-screen', data: {} }] })[0]?.record.mediaKind).toBe('screen');
    expect(mapPlayback('1', {})).toEqual([]);
  });
});
