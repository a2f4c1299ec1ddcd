// The emulator's state file under a lock race: writer processes start together on a file whose
// lock was left by a killed process (lock-race.ts). A lost write is an acknowledged create missing
// from the file afterwards.
import { lockRace } from "../lock-race.ts";
import type { HostileCase } from "./case.ts";

export const lockCases: readonly HostileCase[] = [
  {
    group: "lock",
    name: "8 writers of 250 creates meet a stale lock",
    async run() {
      const race = await lockRace(8, 250);
      return {
        tried: race.acknowledged + race.failed,
        crashes: race.crashed,
        lostWrites: race.lost,
        leaks: race.leftovers.length,
        note: `${race.acknowledged} acknowledged, ${race.failed} refused${race.leftovers.length > 0 ? `, left ${race.leftovers.join(" ")}` : ""}`,
      };
    },
  },
];
