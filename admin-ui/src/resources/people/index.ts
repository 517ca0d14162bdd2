import HubIcon from '@mui/icons-material/Hub';
import { PersonList } from './PersonList';
import { PersonShow } from './PersonShow';
import type { Person } from './types';

/** The identity plugin's people (CASL subject `Person`), served under /api/plugins/identity/persons. */
export default {
  list: PersonList,
  show: PersonShow,
  icon: HubIcon,
  recordRepresentation: (person: Person) => person.userId ?? person.id,
};
