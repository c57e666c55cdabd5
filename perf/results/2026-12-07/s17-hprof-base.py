#!/usr/bin/env python3
"""An HPROF reader (session 16's s16-hprof.py parser). Run alone: which fields hold references to
String instances, and how many. Usage: s17-hprof-base.py dump.hprof. s17-heapsum.py reuses its parser."""
import struct, sys, mmap
from collections import Counter, defaultdict

f = open(sys.argv[1], 'rb'); m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
end = m.find(b'\0'); idsz = struct.unpack('>I', m[end+1:end+5])[0]; pos = end + 1 + 4 + 8
assert idsz == 8
strings = {}; classname = {}  # class obj id -> name
classinfo = {}  # id -> (super, [(name, type)])
inst = {}  # obj id -> (class id, offset, length)
arrs = {}  # obj id -> (elem class id, offset, n)
prim = {}  # obj id -> bytes size
TS = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
rootsz = {0xFF: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16, 0x89: 8, 0x8A: 8, 0x8B: 8, 0x8C: 8, 0x8D: 8, 0x8E: 16, 0x90: 8, 0xC3: 8}
N = len(m)
while pos < N:
    tag = m[pos]; ln = struct.unpack('>I', m[pos+5:pos+9])[0]; body = pos + 9; pos = body + ln
    if tag == 0x01:
        sid = struct.unpack('>Q', m[body:body+8])[0]; strings[sid] = m[body+8:body+ln].decode('utf8', 'replace')
    elif tag == 0x02:
        cid, nid = struct.unpack('>Q', m[body+4:body+12])[0], struct.unpack('>Q', m[body+16:body+24])[0]
        classname[cid] = strings.get(nid, '?')
    elif tag in (0x0C, 0x1C):
        p = body; e = body + ln
        while p < e:
            st = m[p]; p += 1
            if st in rootsz: p += rootsz[st]
            elif st == 0x20:
                cid, sup = struct.unpack('>QI', m[p:p+12])[0], struct.unpack('>Q', m[p+12:p+20])[0]
                p += 8 + 4 + 8 * 6 + 4
                ncp = struct.unpack('>H', m[p:p+2])[0]; p += 2
                for _ in range(ncp):
                    t = m[p+2]; p += 3 + TS[t]
                nst = struct.unpack('>H', m[p:p+2])[0]; p += 2
                for _ in range(nst):
                    t = m[p+8]; p += 9 + TS[t]
                nf = struct.unpack('>H', m[p:p+2])[0]; p += 2
                fl = []
                for _ in range(nf):
                    nid = struct.unpack('>Q', m[p:p+8])[0]; t = m[p+8]; p += 9; fl.append((strings.get(nid, '?'), t))
                classinfo[cid] = (sup, fl)
            elif st == 0x21:
                oid = struct.unpack('>Q', m[p:p+8])[0]; cid = struct.unpack('>Q', m[p+12:p+20])[0]
                n = struct.unpack('>I', m[p+20:p+24])[0]; inst[oid] = (cid, p + 24, n); p += 24 + n
            elif st == 0x22:
                oid = struct.unpack('>Q', m[p:p+8])[0]; n = struct.unpack('>I', m[p+12:p+16])[0]
                cid = struct.unpack('>Q', m[p+16:p+24])[0]; arrs[oid] = (cid, p + 24, n); p += 24 + 8 * n
            elif st == 0x23:
                oid = struct.unpack('>Q', m[p:p+8])[0]; n = struct.unpack('>I', m[p+12:p+16])[0]; t = m[p+16]
                prim[oid] = (t, n); p += 17 + TS[t] * n
            else:
                raise SystemExit('unknown subtag %x at %d' % (st, p))

def layout(cid):
    out = []
    while cid and cid in classinfo:
        sup, fl = classinfo[cid]; out.extend(fl); cid = sup
    return out
strcls = [c for c, n in classname.items() if n == 'java/lang/String'][0]
strs = {oid for oid, (cid, off, n) in inst.items() if cid == strcls}
lay = {}; holder = Counter(); seen = set()
for oid, (cid, off, n) in inst.items():
    L = lay.get(cid)
    if L is None: L = lay[cid] = layout(cid)
    p = off
    for name, t in L:
        if t == 2:
            v = struct.unpack('>Q', m[p:p+8])[0]
            if v in strs:
                holder[classname.get(cid, '?') + '.' + name] += 1
                seen.add(v)
        p += TS[t]
for oid, (cid, off, n) in arrs.items():
    nm = classname.get(cid, '?') + '[]'
    for i in range(n):
        v = struct.unpack('>Q', m[off+8*i:off+8*i+8])[0]
        if v in strs: holder[nm] += 1; seen.add(v)
print('strings', len(strs), 'referenced', len(seen))
for k, v in holder.most_common(40): print('%9d %s' % (v, k))
