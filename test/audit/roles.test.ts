import { exportRoles } from '../../src/audit/replay';
import { loadRulebook } from '../../src/config/rulebook';
import { SHIPPED_RULES } from '../helpers/rule-tester';

test('a user of another organisation is a client even where the event names no team (a reaction)', () => {
  const users = [
    { id: 'U0SATO', name: 'sato', team_id: 'T0OURTEAM' },
    { id: 'U0CLIENT2', name: 'kato', team_id: 'T0ACME' },
  ];
  const { roles } = exportRoles(loadRulebook(SHIPPED_RULES), users, 'T0OURTEAM');
  expect(roles.roleOf('U0CLIENT2')).toBe('client');
  expect(roles.isTeamSide('U0CLIENT2')).toBe(false);
  expect(roles.roleOf('U0SATO')).toBe('assistant');
});
