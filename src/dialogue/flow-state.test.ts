import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../skills/skill.ts';
import { FLOW_STACK_LIMIT, newProgress, readFlowState, writeFlowState } from './flow-state.ts';

const NOW = new Date('2026-11-23T14:00:00.000Z');

describe('flow state', () => {
  it('round-trips through JSON', () => {
    const state: ConversationState = { other: 1 };
    const active = { ...newProgress('agenda', 'booking', { service: 'limpieza' }, NOW), invalidAnswers: 2 };
    const suspended = newProgress('ventas', 'quote', {}, NOW);
    writeFlowState(state, { active, stack: [suspended] });
    const stored = JSON.parse(JSON.stringify(state)) as ConversationState;
    expect(readFlowState(stored, NOW)).toEqual({ active, stack: [suspended] });
    expect(stored.other).toBe(1);
  });

  it('removes the keys when there is nothing to keep', () => {
    const state: ConversationState = { flow: {}, flowStack: [] };
    writeFlowState(state, { active: null, stack: [] });
    expect(state).toEqual({});
  });

  it('drops progress that does not parse instead of trusting it', () => {
    const state: ConversationState = {
      flow: { skill: 'agenda', name: 'booking' },
      flowStack: ['nonsense', { ...newProgress('agenda', 'booking', {}, NOW) }],
    };
    const flows = readFlowState(JSON.parse(JSON.stringify(state)) as ConversationState, NOW);
    expect(flows.active).toBeNull();
    expect(flows.stack).toHaveLength(1);
  });

  it('keeps only the latest suspended flows', () => {
    const stack = Array.from({ length: FLOW_STACK_LIMIT + 2 }, (_, index) =>
      newProgress('agenda', `flow${index}`, {}, NOW),
    );
    const state: ConversationState = {};
    writeFlowState(state, { active: null, stack });
    expect(readFlowState(state, NOW).stack.map((entry) => entry.name)).toEqual(['flow2', 'flow3', 'flow4']);
  });
});
