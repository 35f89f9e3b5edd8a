// Every screen of the portal: its address, its title, its place in the
// navigation and the roles it is for. A new screen is one file in this
// folder and one line here.
import type { FunctionComponent } from 'preact';
import type { Role } from '../auth';
import { Catalog } from './catalog';
import { Service } from './service';
import { Requests } from './requests';
import { RequestPage } from './request';
import { Queue } from './queue';
import { MyStatements } from './my-statements';
import { StatementPage } from './statement';
import { Months } from './months';
import { MonthPage } from './month';
import { Adjustment } from './adjustment';
import { Reports } from './reports';
import { Inquiries } from './inquiries';
import { InquiryQueue } from './inquiry-queue';
import { BudgetHome } from './budget';
import { Budgets } from './budgets';
import { ForecastPage } from './forecast';

/** Screen is one address of the portal. */
export interface Screen {
  path: string;
  title: string;
  /** nav is the screen's label in the main navigation; screens reached from others have none. */
  nav?: string;
  roles: Role[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  view: FunctionComponent<any>;
}

/** screens, in navigation order: a person's first one is their home. */
export const screens: Screen[] = [
  { path: '/budget', title: 'Budget', nav: 'Budget', roles: ['requester'], view: BudgetHome },
  { path: '/queue', title: 'Queue', nav: 'Queue', roles: ['fulfiller'], view: Queue },
  { path: '/catalog', title: 'Catalog', nav: 'Catalog', roles: ['requester', 'fulfiller', 'finance'], view: Catalog },
  { path: '/catalog/:id', title: 'Service', roles: ['requester', 'fulfiller', 'finance'], view: Service },
  { path: '/requests', title: 'Requests', nav: 'Requests', roles: ['requester', 'fulfiller', 'finance', 'leadership'], view: Requests },
  { path: '/requests/:id', title: 'Request', roles: ['requester', 'fulfiller', 'finance', 'leadership'], view: RequestPage },
  { path: '/statements', title: 'Statements', nav: 'Statements', roles: ['requester'], view: MyStatements },
  { path: '/inquiries', title: 'Inquiries', nav: 'Inquiries', roles: ['requester'], view: Inquiries },
  { path: '/inquiries/open', title: 'Open inquiries', nav: 'Inquiries', roles: ['finance'], view: InquiryQueue },
  { path: '/months', title: 'Months', nav: 'Months', roles: ['finance', 'leadership'], view: Months },
  { path: '/months/:month', title: 'Month', roles: ['finance', 'leadership'], view: MonthPage },
  { path: '/statements/:month/:department', title: 'Statement', roles: ['requester', 'finance', 'leadership'], view: StatementPage },
  { path: '/adjust', title: 'Post an adjustment', nav: 'Adjust', roles: ['finance'], view: Adjustment },
  { path: '/reports', title: 'Reports', nav: 'Reports', roles: ['leadership', 'finance'], view: Reports },
  { path: '/budgets', title: 'Budgets', nav: 'Budgets', roles: ['finance'], view: Budgets },
  { path: '/forecast', title: 'Forecast', nav: 'Forecast', roles: ['leadership', 'finance'], view: ForecastPage },
];
