import sys
import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 's16-hprof.py')).read().split('\nlay = {}')[0])  # its HPROF parser
from collections import Counter
tot=0; cnt=Counter(); by=Counter()
# shallow sizes: instances = 12 header + fields (compressed oops 4), aligned 8; arrays = 16 + elems
def al(x): return (x+7)//8*8
fsz={2:4,4:1,5:2,6:4,7:8,8:1,9:2,10:4,11:8}
lay={}
for oid,(cid,off,n) in inst.items():
    L=lay.get(cid)
    if L is None: L=lay[cid]=layout(cid)
    s=al(12+sum(fsz[t] for _,t in L))
    nm=classname.get(cid,'?'); by[nm]+=s; cnt[nm]+=1; tot+=s
for oid,(cid,off,n) in arrs.items():
    s=al(16+4*n); nm=classname.get(cid,'?')+'[]'; by[nm]+=s; cnt[nm]+=1; tot+=s
for oid,(t,n) in prim.items():
    s=al(16+TS[t]*n); nm={4:'boolean[]',5:'char[]',6:'float[]',7:'double[]',8:'byte[]',9:'short[]',10:'int[]',11:'long[]'}[t]; by[nm]+=s; cnt[nm]+=1; tot+=s
print('objects %d  shallow total %.1f MB'%(sum(cnt.values()), tot/1e6))
for k,v in by.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 25): print('%8.2f MB %9d %s'%(v/1e6,cnt[k],k))
