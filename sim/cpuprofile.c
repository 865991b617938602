/* cpuprofile.c - CPU profile schema over profile.h; see cpuprofile.h. */
#include <string.h>

#include "cpuprofile.h"

static const char *const level_sec[2][PS_COUNT] = {
	{ "l1d.4k", "l1d.2m", "l1d.1g" },
	{ "l2.4k", "l2.2m", "l2.1g" },
};

static int pow2(double v)
{
	unsigned long n = (unsigned long)v;

	return n && !(n & (n - 1));
}

int cpuprofile_parse(const char *buf, size_t len, struct tlb_cpu *cpu,
		     struct profile_sources *src, struct parse_error *err)
{
	double geom[2][PS_COUNT][2] = { { { 0 } } };
	double freq = 0, l1 = 0, l2 = 0, ref = 0, pwc = 0, ntlb = 0;
	char name[PROFILE_WORD_LEN] = "", repl[PROFILE_WORD_LEN] = "lru";
	struct profile_key keys[PROFILE_MAX_KEYS];
	unsigned n = 0;

	memset(keys, 0, sizeof(keys));
#define KEY(sec, nm, kind_, unit_, lo, hi, dst_, req) \
	keys[n++] = (struct profile_key){ sec, nm, kind_, unit_, lo, hi, dst_, req }
	KEY("cpu", "name", PK_WORD, "", 0, 0, name, 1);
	KEY("cpu", "freq", PK_NUM, "GHz", 0.1, 10, &freq, 1);
	KEY("cpu", "replacement", PK_WORD, "", 0, 0, repl, 0);
	for (unsigned l = 0; l < 2; l++)
		for (unsigned p = 0; p < PS_COUNT; p++) {
			KEY(level_sec[l][p], "entries", PK_NUM, "", 1, 65536,
			    &geom[l][p][0], 0);
			KEY(level_sec[l][p], "ways", PK_NUM, "", 1, 65536,
			    &geom[l][p][1], 0);
		}
	KEY("caches", "pwc_entries", PK_NUM, "", 0, 4096, &pwc, 0);
	KEY("caches", "ntlb_entries", PK_NUM, "", 0, 65536, &ntlb, 0);
	KEY("cost", "l1_hit", PK_NUM, "cycles", 0, 100, &l1, 1);
	KEY("cost", "l2_hit", PK_NUM, "cycles", 0, 1000, &l2, 1);
	KEY("cost", "walk_ref", PK_NUM, "cycles", 0, 10000, &ref, 1);
#undef KEY
	if (profile_parse(buf, len, keys, src, err))
		return -1;
	memset(cpu, 0, sizeof(*cpu));
	strcpy(cpu->name, name);
	cpu->freq_ghz = freq;
	if (!strcmp(repl, "plru"))
		cpu->repl = REPL_PLRU;
	else if (strcmp(repl, "lru"))
		return parse_error_set(err, 0, "cpu.replacement",
				       "\"%s\" is not lru or plru", repl);
	for (unsigned l = 0; l < 2; l++)
		for (unsigned p = 0; p < PS_COUNT; p++) {
			double e = geom[l][p][0], w = geom[l][p][1];
			struct tlb_geom *g = l ? &cpu->l2[p] : &cpu->l1[p];

			if (!e && !w)
				continue;
			if (!e || !w || e != (unsigned)e || w != (unsigned)w ||
			    (unsigned)e % (unsigned)w || !pow2(e / w) ||
			    (cpu->repl == REPL_PLRU && (!pow2(w) || w > 64)))
				return parse_error_set(err, 0, level_sec[l][p],
						       "entries/ways must give "
						       "a power-of-two number "
						       "of sets%s",
						       cpu->repl == REPL_PLRU ?
						       " (plru: ways a power "
						       "of two <= 64)" : "");
			g->entries = (unsigned)e;
			g->ways = (unsigned)w;
		}
	cpu->pwc_entries = (unsigned)pwc;
	cpu->ntlb_entries = (unsigned)ntlb;
	cpu->l1_hit = l1;
	cpu->l2_hit = l2;
	cpu->walk_ref = ref;
	return 0;
}
