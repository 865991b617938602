/*
 * tlbsim.h - libtlbsim's public API in one include: the five models,
 * their parsers, the report they fill and the lab's entry point.  Each
 * header documents its own functions and return values; docs/sim.md
 * describes the models, their sources and what they were checked against.
 * Link with LINK_sim (sim/link.mk).  The library never prints.
 */
#ifndef SIM_TLBSIM_H
#define SIM_TLBSIM_H

#include "report.h"		/* named results, text and JSON renderers */
#include "command.h"		/* the model commands (sim_commands[]) */
#include "profile.h"		/* value | source parameter files */

#include "tlb.h"		/* model 1: TLBs and page walks */
#include "cpuprofile.h"
#include "pattern.h"
#include "trace.h"

#include "shootdown.h"		/* model 2: shootdown cost */
#include "sdprofile.h"
#include "sdparams.h"
#include "sdcalib.h"
#include "labsim.h"		/* the lab's [sim] section */

#include "buddy.h"		/* model 3: buddy allocator, fragmentation */
#include "buddy_work.h"
#include "fragindex.h"
#include "pagetypeinfo.h"

#include "hvo.h"		/* model 4: vmemmap / HVO */

#include "vmagap.h"		/* model 5: VMA gap search */
#include "maps.h"

#endif
