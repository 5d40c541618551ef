# SPDX-License-Identifier: GPL-2.0
"""A small OpenFlow 1.0 learning switch for os-ken (osken-manager), kept
here because Debian's os-ken ships no application.

It floods what it has not learnt, installs a flow (idle timeout 5 s,
SEND_FLOW_REM) per learnt destination, and prints one line per event the
tests read: PACKET_IN, FLOW_REMOVED (reason, packets, bytes) and, every
2 s, FLOW_STATS (flows, packets) from a flow statistics request.
"""
from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import MAIN_DISPATCHER, set_ev_cls
from os_ken.lib import hub
from os_ken.lib.packet import ethernet, packet
from os_ken.ofproto import ofproto_v1_0

IDLE = 5


def say(*args):
    print(*args, flush=True)


class L2Switch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_0.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.macs = {}
        self.dps = {}
        hub.spawn(self.poll_stats)

    @set_ev_cls(ofp_event.EventOFPStateChange, MAIN_DISPATCHER)
    def state(self, ev):
        self.dps[ev.datapath.id] = ev.datapath
        say("CONNECTED dpid=%016x" % ev.datapath.id)

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp = dp.ofproto
        parser = dp.ofproto_parser
        eth = packet.Packet(msg.data).get_protocol(ethernet.ethernet)
        if eth is None:
            return
        say("PACKET_IN in_port=%d buffer=%d len=%d total=%d" %
            (msg.in_port, msg.buffer_id, len(msg.data), msg.total_len))
        table = self.macs.setdefault(dp.id, {})
        table[eth.src] = msg.in_port
        out = table.get(eth.dst, ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out)]
        if out != ofp.OFPP_FLOOD:
            match = parser.OFPMatch(in_port=msg.in_port, dl_dst=eth.dst)
            dp.send_msg(parser.OFPFlowMod(
                datapath=dp, match=match, cookie=0x42,
                command=ofp.OFPFC_ADD, idle_timeout=IDLE, hard_timeout=0,
                priority=100, flags=ofp.OFPFF_SEND_FLOW_REM, actions=actions))
        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(
            datapath=dp, buffer_id=msg.buffer_id, in_port=msg.in_port,
            actions=actions, data=data))

    @set_ev_cls(ofp_event.EventOFPFlowRemoved, MAIN_DISPATCHER)
    def flow_removed(self, ev):
        m = ev.msg
        say("FLOW_REMOVED reason=%d cookie=0x%x packets=%d bytes=%d duration=%d" %
            (m.reason, m.cookie, m.packet_count, m.byte_count, m.duration_sec))

    @set_ev_cls(ofp_event.EventOFPFlowStatsReply, MAIN_DISPATCHER)
    def flow_stats(self, ev):
        flows = ev.msg.body
        say("FLOW_STATS flows=%d packets=%d" %
            (len(flows), sum(f.packet_count for f in flows)))

    def poll_stats(self):
        while True:
            for dp in list(self.dps.values()):
                parser = dp.ofproto_parser
                ofp = dp.ofproto
                dp.send_msg(parser.OFPFlowStatsRequest(
                    dp, 0, parser.OFPMatch(), 0xff, ofp.OFPP_NONE))
            hub.sleep(2)
