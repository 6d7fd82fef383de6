// Generated from Sanctum's Rust types by crates/sanctum-core/tests/ui_contract.rs;
// do not edit. Regenerate: UPDATE_UI_TYPES=1 cargo test -p sanctum-core --test ui_contract

export type Accepted = { occurrence: Occurrence, 
/**
 * It moved a clashing occurrence rather than adding a block.
 */
moved: boolean, };

export type ApiError = { 
/**
 * `invalid`, `not_found`, `storage`, `disk_full`, `busy`, `remote`, `keyring`, `io`, ...
 * (see [`Error::kind`](crate::Error::kind)); `internal` for a failure of the shell itself.
 */
code: string, message: string, field: string | null, };

export type AppStatus = { 
/**
 * Why the database could not be opened, if it could not.
 */
startup_error: ApiError | null, 
/**
 * Why the quick-log shortcut is not active, if it is not.
 */
shortcut_problem: string | null, settings: Settings | null, 
/**
 * The database file.
 */
database: string | null, 
/**
 * Ask (once) whether Sanctum should start at login.
 */
ask_start_at_login: boolean, };

export type Balance = { 
/**
 * Focus minutes actually held (kept or shortened occurrences).
 */
strategic_minutes: number, 
/**
 * Minutes spent on logged interruptions.
 */
reactive_minutes: number, 
/**
 * Minutes of scheduled batch slots.
 */
batch_minutes: number, };

export type Batch = { id: number, name: string, slot: BatchSlot | null, };

export type BatchInput = { name: string, days?: string | null, start?: string | null, end?: string | null, timezone?: string | null, };

export type BatchSlot = { days: Array<string>, start: string, end: string, timezone: string, };

export type BatchSlotInstance = { batch_id: number, name: string, date: string, start: string, end: string, };

export type BatchTasks = { tasks: Array<Task>, id: number, name: string, slot: BatchSlot | null, };

export type BlockPatch = { title?: string | null, intention?: string | null, repeat?: Repeat | null, start?: string | null, end?: string | null, timezone?: string | null, active_from?: string | null, active_until?: string | null, paused?: boolean | null, };

export type Broken = { date: string, title: string, kind: string, minutes_lost: number, reason: string | null, };

export type Calendar = { id: number, refreshed_at: string | null, last_error: string | null, created_at: string, 
/**
 * Cached events.
 */
event_count: number, name: string, kind: CalendarKind, 
/**
 * Absolute file path, or URL.
 */
location: string, username: string | null, 
/**
 * Its events count as busy time (suggestions, clashes).
 */
read_busy: boolean, 
/**
 * Focus blocks are published to it (CalDAV only).
 */
publish: boolean, };

export type CalendarKind = "file" | "url" | "caldav";

export type CalendarPatch = { name?: string | null, 
/**
 * Its events count as busy time.
 */
read_busy?: boolean | null, 
/**
 * Focus blocks are published to it (CalDAV only).
 */
publish?: boolean | null, };

export type Carried = { from: IsoWeek, into: IsoWeek, 
/**
 * The new priorities, in `into`.
 */
priorities: Array<Priority>, };

export type Channel = "slack" | "email" | "call" | "in-person" | "meeting" | "alert" | "other";

export type ChosenFile = { path: string, 
/**
 * The dialog itself asked before letting an existing file be picked (a desktop save
 * dialog does), so the write may replace it without asking again.
 */
replace_confirmed: boolean, };

export type Clash = { block_id: number, date: string, 
/**
 * Summaries of the events it overlaps.
 */
meetings: Array<string>, };

export type Confirm<T> = { "status": "done", value: T, } | { "status": "ask", question: string, };

export type DataChanged = { topics: Array<Topic>, };

export type Day = { date: string, balance: Balance, fires: number, };

export type Delegated = { tasks: Array<Task>, 
/**
 * The newest [`DELEGATED_SHOWN`] fires delegated in the span.
 */
interruptions: Array<Interruption>, 
/**
 * How many more were delegated in the span (listed in the log, outcome "delegated").
 */
more_interruptions: number, };

export type Exported = { path: string, 
/**
 * How many things it holds (blocks, rows, files — said by the use case).
 */
count: number, };

export type FileAction = "backup" | "export_json" | "export_csv" | "import" | "export_ics" | "report_html" | "report_md";

export type FireEdit = { text?: string | null, patch: InterruptionPatch, minutes?: string | null, when?: string | null, };

export type FireFigures = { count: number, minutes: number, 
/**
 * Minutes spent plus the refocus estimate for each one.
 */
cost_minutes: number, by_source: Array<Tally>, by_channel: Array<Tally>, by_category: Array<Tally>, by_outcome: Array<Tally>, 
/**
 * Share (0–1) of interruptions that landed during focus.
 */
during_focus_share: number | null, 
/**
 * Share (0–1) delegated or declined: fires that were not the user's.
 */
not_mine_share: number | null, };

export type FireMark = { 
/**
 * The local date and the quarter hour's first minute of that day (0, 15, ... 1425).
 */
date: string, minute: number, count: number, 
/**
 * How many of them fell inside a focus block.
 */
during_focus: number, 
/**
 * Minutes they took in all.
 */
minutes: number, 
/**
 * The newest few in time order, each as "14:05 Sam slack 15m invoices failing".
 */
samples: Array<string>, };

export type FireQuery = { period: Period, 
/**
 * For `week`: which ISO week (default: the current one).
 */
week?: IsoWeek | null, 
/**
 * For a text search's first page: answer with the page alone, as soon as it is found,
 * without counting every match (`counted` is then false when more may match). The
 * screen shows the page at once and asks again, without `quick`, for the count.
 */
quick: boolean, 
/**
 * Only those that happened in this span.
 */
span?: Span | null, 
/**
 * Exact source, case-insensitive.
 */
source?: string | null, 
/**
 * Exact category, case-insensitive.
 */
category?: string | null, channel?: Channel | null, 
/**
 * `handled`, `delegated`, `deferred` or `declined`.
 */
outcome?: string | null, 
/**
 * Words that must appear (case-insensitive) in the note, source, category or delegate/batch.
 */
text?: string | null, 
/**
 * At most this many, newest first.
 */
limit?: number | null, 
/**
 * Skip this many of the newest first (a page further down the list).
 */
offset?: number | null, };

export type FocusBlock = { id: number, created_at: string, updated_at: string, title: string, intention: string, repeat: Repeat, 
/**
 * Local wall time the block starts, in `timezone`.
 */
start: string, 
/**
 * Local wall time the block ends (same day, after `start`).
 */
end: string, 
/**
 * IANA zone the wall times are in.
 */
timezone: string, 
/**
 * First local date the series runs (weekly blocks).
 */
active_from: string, 
/**
 * Last local date the series runs, if it ends.
 */
active_until: string | null, 
/**
 * A paused block keeps its definition but has no occurrences.
 */
paused: boolean, };

export type FocusFigures = { planned_minutes: number, 
/**
 * Minutes held in answered occurrences.
 */
held_minutes: number, 
/**
 * Planned minutes of occurrences not answered (ended or to come).
 */
pending_minutes: number, target_minutes: number, kept: number, shortened: number, broken: number, 
/**
 * Ended and not answered yet: "waiting for an answer".
 */
unanswered: number, 
/**
 * Not ended yet and not answered.
 */
upcoming: number, };

export type FocusNow = { 
/**
 * The occurrence running at `now`, if any.
 */
running: Occurrence | null, 
/**
 * Whole minutes left in the running occurrence.
 */
minutes_left: number | null, 
/**
 * The next occurrence to start after `now`, if any within the window given.
 */
next: Occurrence | null, 
/**
 * A line to paste into Slack or an auto-reply while a block runs.
 */
status_line: string | null, };

export type ImportReport = { tables: Array<[string, number, number]>, };

export type Interruption = { id: number, created_at: string, updated_at: string, 
/**
 * Derived, never stored: it happened inside a focus block's occurrence.
 */
during_focus: boolean, occurred_at: string, source: string | null, channel: Channel, category: string | null, urgency: Urgency, minutes: number, outcome: Outcome, note: string, };

export type InterruptionPatch = { occurred_at?: string | null, source?: string | null | null, channel?: Channel | null, category?: string | null | null, urgency?: Urgency | null, minutes?: number | null, outcome?: Outcome | null, note?: string | null, };

export type IsoWeek = string;

export type Listing = { items: Array<Interruption>, 
/**
 * Where `items` starts in the whole list (newest first).
 */
offset: number, 
/**
 * How many fires the whole list has (a text search counts at most [`SEARCH_COUNT_CAP`]).
 */
total: number, 
/**
 * Minutes of all the listed fires (every page; a capped search: of those counted).
 */
total_minutes: number, 
/**
 * A text search matched more than [`SEARCH_COUNT_CAP`]: `total` is the newest that many.
 */
capped: boolean, 
/**
 * False for a `quick` answer with more matches past the page: `total` and
 * `total_minutes` are then only the page's, and the count is still to ask for.
 */
counted: boolean, 
/**
 * For a week: the week shown and its neighbours.
 */
nav: WeekNav | null, };

export type Moves = { block_id: number, title: string, 
/**
 * The series date of the occurrence.
 */
date: string, };

export type Navigation = { 
/**
 * `log`, `planner`, `week`, `review` or `settings`.
 */
screen: string, block_id: number | null, date: string | null, };

export type NewCalendar = { name: string, kind: CalendarKind, 
/**
 * Absolute file path, or URL.
 */
location: string, username: string | null, 
/**
 * Its events count as busy time (suggestions, clashes).
 */
read_busy: boolean, 
/**
 * Focus blocks are published to it (CalDAV only).
 */
publish: boolean, };

export type NewFocusBlock = { title: string, intention: string, repeat: Repeat, 
/**
 * Local wall time the block starts, in `timezone`.
 */
start: string, 
/**
 * Local wall time the block ends (same day, after `start`).
 */
end: string, 
/**
 * IANA zone the wall times are in.
 */
timezone: string, 
/**
 * First local date the series runs (weekly blocks).
 */
active_from: string, 
/**
 * Last local date the series runs, if it ends.
 */
active_until: string | null, 
/**
 * A paused block keeps its definition but has no occurrences.
 */
paused: boolean, };

export type NewInterruption = { occurred_at: string, source: string | null, channel: Channel, category: string | null, urgency: Urgency, minutes: number, outcome: Outcome, note: string, };

export type Occurrence = { block_id: number, title: string, intention: string, date: string, start: string, end: string, moved: boolean, outcome: OccurrenceOutcome | null, };

export type OccurrenceOutcome = { "kind": "kept" } | { "kind": "shortened", minutes_lost: number, reason: string | null, } | { "kind": "broken", reason: string, };

export type Outcome = { "kind": "handled" } | { "kind": "delegated", to: string, } | { "kind": "deferred", batch: string | null, } | { "kind": "declined" };

export type Ownership = { "kind": "mine" } | { "kind": "delegated", to: string, } | { "kind": "declined" };

export type Period = "today" | "week" | "all";

export type Priority = { id: number, week: IsoWeek, 
/**
 * 1 is the top.
 */
rank: number, title: string, status: PriorityStatus, 
/**
 * A one-line outcome, when it ended.
 */
outcome: string | null, 
/**
 * The priority of an earlier week this one continues.
 */
carried_from: number | null, };

export type PriorityFigures = { done: number, partly: number, dropped: number, open: number, };

export type PriorityStatus = "open" | "done" | "partly" | "dropped";

export type PublishReport = { calendar_id: number, calendar: string, sent: number, deleted: number, unchanged: number, 
/**
 * Events of Sanctum's that had been changed or deleted on the calendar and were put back,
 * each as one sentence naming the event and what had changed.
 */
restored: Array<string>, };

export type RecentNames = { sources: Array<string>, categories: Array<string>, delegates: Array<string>, };

export type RefreshOutcome = { id: number, name: string, 
/**
 * Events read, when it could be read.
 */
events: number | null, 
/**
 * Events that could not be read, each with its reason.
 */
problems: Array<string>, 
/**
 * Why it could not be read (its cached events are kept).
 */
error: string | null, };

export type Refreshed = { calendar: Calendar, events: number, 
/**
 * Events that could not be read, each with its reason.
 */
problems: Array<string>, };

export type Repeat = { "kind": "weekly", days: Array<string>, } | { "kind": "once", date: string, };

export type ReportFormat = "md" | "html";

export type ReviewNote = { week: IsoWeek, 
/**
 * The one change the user means to make next week.
 */
next_change: string, reviewed_at: string, };

export type ReviewScreen = { review: WeekReview, daily_svg: string, trend_svg: string, note: ReviewNote | null, 
/**
 * This week's review time has passed and the week is not reviewed yet.
 */
review_due: boolean, week: IsoWeek, previous_week: IsoWeek, next_week: IsoWeek, 
/**
 * The week containing now.
 */
current_week: IsoWeek, };

export type Settings = { 
/**
 * IANA zone; defaults to the operating system's zone.
 */
timezone: string, 
/**
 * Global shortcut for the quick-log box, in Tauri's accelerator syntax.
 */
shortcut: string, 
/**
 * Focus minutes the user means to hold each week (default 8 h).
 */
weekly_target_minutes: number, 
/**
 * Heads-up this many minutes before a block starts; 0 turns it off.
 */
heads_up_minutes: number, 
/**
 * A break reminder every this many minutes of focus; 0 turns it off.
 */
break_every_minutes: number, 
/**
 * Notify when a block starts.
 */
notify_start: boolean, 
/**
 * Notify when a block ends, asking how it went.
 */
notify_end: boolean, 
/**
 * When the weekly review is due, e.g. `fri 16:00` (empty: no reminder).
 */
review_at: string, 
/**
 * `system`, `light` or `dark`.
 */
theme: string, 
/**
 * Working hours, e.g. `09:00-17:30`: suggestions stay inside them.
 */
work_hours: string, 
/**
 * Working days, e.g. `mon-fri`.
 */
work_days: string, 
/**
 * Days suggestions prefer, e.g. `tue,thu` (empty: none preferred).
 */
preferred_days: string, 
/**
 * How long a suggested focus block is.
 */
focus_length_minutes: number, 
/**
 * Calendars are refreshed this often in the app (0: only on demand).
 */
calendar_refresh_minutes: number, 
/**
 * Batch slots are published with the focus blocks.
 */
publish_batches: boolean, 
/**
 * Closing the window keeps Sanctum running in the background (the tray, reminders, the
 * shortcut and calendar publishing go on).
 */
keep_running: boolean, 
/**
 * Sanctum starts, without a window, when the user logs in.
 */
start_at_login: boolean, 
/**
 * The desktop's do-not-disturb is on while a block runs.
 */
quiet_during_focus: boolean, 
/**
 * The user's e-mail addresses, comma-separated: an invitation they declined is free time.
 * Learned from CalDAV accounts (`calendar-user-address-set`) and Google feeds; editable.
 */
my_addresses: string, 
/**
 * Invitations the user answered "maybe" (or marked tentative) count as busy.
 */
tentative_busy: boolean, 
/**
 * Addresses the user removed from `my_addresses`: never learned again.
 */
not_my_addresses: string, };

export type Span = { start: string, end: string, };

export type StoredEvent = { calendar_id: number, uid: string, summary: string, start: string, end: string, all_day: boolean, 
/**
 * Opaque: it takes the time (transparent events, `X-MICROSOFT-CDO-BUSYSTATUS:FREE` and
 * invitations the user declined are shown but do not).
 */
busy: boolean, 
/**
 * Tentative: the user answered "maybe" (`PARTSTAT=TENTATIVE`), or the event is marked
 * tentative (`STATUS:TENTATIVE`, `X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE`); busy or not as the
 * `tentative_busy` setting says.
 */
tentative: boolean, };

export type Suggestion = { 
/**
 * Names exactly this suggestion, the same for as long as it is offered: local date, start
 * and length, and the block it moves (`2026-12-08T13:00+180`, `2026-12-08T13:00+180~3`).
 * Accepting by key refuses a suggestion the calendar no longer leaves room for.
 */
key: string, 
/**
 * Local date.
 */
date: string, start: string, end: string, 
/**
 * The whole free stretch it sits in, in minutes.
 */
free_minutes: number, 
/**
 * Busy events during that working day.
 */
meetings: number, preferred: boolean, 
/**
 * `Some` when accepting moves a clashing occurrence rather than adding a block.
 */
moves: Moves | null, 
/**
 * Why, in a few words.
 */
reason: string, };

export type Tally = { name: string, count: number, minutes: number, };

export type Task = { id: number, title: string, batch_id: number | null, priority_id: number | null, estimate_minutes: number | null, done_at: string | null, ownership: Ownership, 
/**
 * The deferred interruption this task came from.
 */
interruption_id: number | null, created_at: string, };

export type TaskInput = { title: string, batch_id?: number | null, priority_id?: number | null, estimate?: string | null, owner?: string | null, };

export type TasksOverview = { batches: Array<BatchTasks>, 
/**
 * Open tasks in no batch.
 */
loose: Array<Task>, delegated: Delegated, };

export type Topic = "fires" | "focus" | "planning" | "calendars" | "review" | "settings" | "everything";

export type TrendWeek = { week: IsoWeek, strategic_minutes: number, reactive_minutes: number, fires: number, 
/**
 * Share (0–1) of the week's fires delegated or declined.
 */
not_mine_share: number | null, };

export type Unanswered = { items: Array<Occurrence>, 
/**
 * How many more, older than the last of `items`, wait for an answer too.
 */
older: number, };

export type Urgency = "low" | "normal" | "high" | "critical";

export type WeekEvents = { week: IsoWeek, events: Array<StoredEvent>, clashes: Array<Clash>, };

export type WeekNav = { week: IsoWeek, previous_week: IsoWeek, next_week: IsoWeek, 
/**
 * The week containing now.
 */
current_week: IsoWeek, };

export type WeekPlan = { 
/**
 * Monday to Sunday, local dates.
 */
days: Array<string>, timezone: string, blocks: Array<FocusBlock>, occurrences: Array<Occurrence>, 
/**
 * The week's fires, drawn as one mark per quarter hour that had any (a heavy week has
 * thousands of fires; the planner needs where they fell, not each one).
 */
fire_marks: Array<FireMark>, batch_slots: Array<BatchSlotInstance>, 
/**
 * Events of the user's calendars (cached), drawn beside the focus blocks.
 */
calendar_events: Array<StoredEvent>, 
/**
 * Occurrences that overlap a busy calendar event.
 */
clashes: Array<Clash>, figures: FocusFigures, now: string, week: IsoWeek, previous_week: IsoWeek, next_week: IsoWeek, 
/**
 * The week containing now.
 */
current_week: IsoWeek, };

export type WeekPriorities = { priorities: Array<Priority>, previous: Array<Priority>, wins: Array<Win>, 
/**
 * True on the first start in a week that has not been planned yet.
 */
planning_due: boolean, week: IsoWeek, previous_week: IsoWeek, next_week: IsoWeek, 
/**
 * The week containing now.
 */
current_week: IsoWeek, };

export type WeekReview = { week: IsoWeek, timezone: string, balance: Balance, days: Array<Day>, focus: FocusFigures, 
/**
 * Share (0–1) of planned focus minutes held, over answered occurrences.
 */
defence_rate: number | null, not_as_planned: Array<Broken>, fires: FireFigures, priorities: Array<Priority>, priority_figures: PriorityFigures, wins: Array<Win>, trend: Array<TrendWeek>, };

export type WhichOccurrence = { block_id?: number | null, date?: string | null, };

export type Win = { id: number, 
/**
 * Local date it happened.
 */
date: string, title: string, impact: string | null, priority_id: number | null, };
