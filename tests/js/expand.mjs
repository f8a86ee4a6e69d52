// Expand every VEVENT of an .ics file with ical.js (Thunderbird's parser), independently of
// samarbeid's own engine and of Python's icalendar. Prints a JSON list of occurrences:
// {uid, start, end} with start/end as UTC ISO instants, so that the Python tests can compare.
// Usage: node expand.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
const masters = new Map();
for (const event of events) {
  if (!event.isRecurrenceException()) masters.set(event.uid, event);
}
for (const event of events) {
  if (event.isRecurrenceException()) masters.get(event.uid).relateException(event);
}
const iso = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
const occurrences = [];
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    occurrences.push({ uid: event.uid, start: iso(event.startDate), end: iso(event.endDate) });
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(), guard = 0; next && guard < 10000; next = iterator.next(), guard++) {
    const details = event.getOccurrenceDetails(next);
    occurrences.push({ uid: event.uid, start: iso(details.startDate), end: iso(details.endDate) });
  }
}
occurrences.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
process.stdout.write(JSON.stringify(occurrences));
