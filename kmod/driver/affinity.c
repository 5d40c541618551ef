// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net queue placement: which CPUs serve which queue pair.
 *
 * The online CPUs are cut into cur_pairs contiguous groups (or, with fewer
 * CPUs than pairs, the pairs take the CPUs round robin). A pair's rx and tx
 * interrupts are steered to its group, and XPS sends that group's traffic
 * out of the pair's tx queue, so a flow's transmit, completion and the
 * replies on the paired rx queue tend to stay on one CPU. The placement is
 * redone when channels change and when a CPU comes or goes.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include "cvsw_net.h"

static enum cpuhp_state cvsw_cpuhp_state;

/* Does the @k-th of @ncpus usable CPUs belong to queue pair @q of @pairs? */
static bool cvsw_cpu_in_pair(unsigned int k, unsigned int ncpus,
			     unsigned int q, unsigned int pairs)
{
	if (ncpus >= pairs)
		return k * pairs / ncpus == q;
	return k == q % ncpus;
}

/*
 * Place every pair; @gone is a CPU about to go offline (or -1). Callers
 * hold the CPU hotplug lock, for reading or as a hotplug callback.
 */
static void cvsw_place(struct cvsw_priv *vi, int gone)
{
	unsigned int ncpus, pairs = vi->cur_pairs, q, k;
	cpumask_var_t usable, mask;
	int cpu;

	if (!zalloc_cpumask_var(&usable, GFP_KERNEL))
		return;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL)) {
		free_cpumask_var(usable);
		return;
	}
	cpumask_copy(usable, cpu_online_mask);
	if (gone >= 0)
		cpumask_clear_cpu(gone, usable);
	ncpus = cpumask_weight(usable);

	for (q = 0; q < vi->max_pairs; q++) {
		cpumask_clear(mask);
		k = 0;
		if (q < pairs && ncpus) {
			for_each_cpu(cpu, usable)
				if (cvsw_cpu_in_pair(k++, ncpus, q, pairs))
					cpumask_set_cpu(cpu, mask);
		}
		/* Pairs out of use lose their hint; their XPS map is reset. */
		virtqueue_set_affinity(vi->rq[q].vq, q < pairs ? mask : NULL);
		virtqueue_set_affinity(vi->sq[q].vq, q < pairs ? mask : NULL);
		if (q < pairs)
			__netif_set_xps_queue(vi->dev, cpumask_bits(mask), q,
					      XPS_CPUS);
	}
	free_cpumask_var(mask);
	free_cpumask_var(usable);
}

/**
 * cvsw_affinity_update - place queue pairs after cur_pairs changed
 * @vi: device
 *
 * Takes the CPU hotplug lock for reading; the caller must not hold it.
 */
void cvsw_affinity_update(struct cvsw_priv *vi)
{
	cpus_read_lock();
	cvsw_place(vi, -1);
	cpus_read_unlock();
}

static int cvsw_cpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct cvsw_priv *vi = hlist_entry_safe(node, struct cvsw_priv,
						cpuhp_node);

	cvsw_place(vi, -1);
	return 0;
}

static int cvsw_cpu_down_prep(unsigned int cpu, struct hlist_node *node)
{
	struct cvsw_priv *vi = hlist_entry_safe(node, struct cvsw_priv,
						cpuhp_node);

	cvsw_place(vi, cpu);
	return 0;
}

/**
 * cvsw_affinity_start - place the pairs and follow CPU hotplug from now on
 * @vi: device whose virtqueues exist
 *
 * Return: 0 or a negative errno.
 */
int cvsw_affinity_start(struct cvsw_priv *vi)
{
	int err;

	err = cpuhp_state_add_instance_nocalls(cvsw_cpuhp_state,
					       &vi->cpuhp_node);
	if (err)
		return err;
	cvsw_affinity_update(vi);
	return 0;
}

/**
 * cvsw_affinity_stop - stop following hotplug and drop the interrupt hints
 * @vi: device; called before its virtqueues are deleted
 */
void cvsw_affinity_stop(struct cvsw_priv *vi)
{
	unsigned int q;

	cpuhp_state_remove_instance_nocalls(cvsw_cpuhp_state,
					    &vi->cpuhp_node);
	for (q = 0; q < vi->max_pairs; q++) {
		virtqueue_set_affinity(vi->rq[q].vq, NULL);
		virtqueue_set_affinity(vi->sq[q].vq, NULL);
	}
}

/**
 * cvsw_affinity_init - register the driver's CPU hotplug callbacks
 *
 * Return: 0 or a negative errno.
 */
int cvsw_affinity_init(void)
{
	int ret;

	ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, "net/cvsw_net:online",
				      cvsw_cpu_online, cvsw_cpu_down_prep);
	if (ret < 0)
		return ret;
	cvsw_cpuhp_state = ret;
	return 0;
}

/** cvsw_affinity_exit - undo cvsw_affinity_init() */
void cvsw_affinity_exit(void)
{
	cpuhp_remove_multi_state(cvsw_cpuhp_state);
}
