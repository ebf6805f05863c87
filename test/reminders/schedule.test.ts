import { Cron } from 'croner';
import { timingOf } from '../../src/reminders/schedule';

describe('the tick a scheduled sweep is for', () => {
  it('is the scheduled time, however late the timer fired, with the next tick as the wait limit', () => {
    const job = new Cron('*/2 * * * * *', { paused: true, timezone: 'UTC' });
    for (const late of [0, 3, 700, 1999])
      expect(timingOf(job, Date.parse('2026-11-30T05:00:10.000Z') + late)).toEqual({
        tick: Date.parse('2026-11-30T05:00:10.000Z'),
        waitUntil: Date.parse('2026-11-30T05:00:12.000Z'),
      });
    job.stop();
  });

  it('is the same day-time tick for every replica of a daily schedule', () => {
    const job = new Cron('0 9 * * *', { paused: true, timezone: 'UTC' });
    expect(timingOf(job, Date.parse('2026-11-30T09:00:00.250Z'))).toEqual({
      tick: Date.parse('2026-11-30T09:00:00.000Z'),
      waitUntil: Date.parse('2026-12-01T09:00:00.000Z'),
    });
    job.stop();
  });
});
