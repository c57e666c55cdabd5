# s19-profdiff.py A.collapsed RATE_A B.collapsed RATE_B self|incl [N]: async-profiler collapsed stacks (cpu, 1 ms
# interval, 15 s window) as ns of CPU per resolution, A minus B, largest differences first.
import sys, collections
def load(f, mode):
    c=collections.Counter()
    for line in open(f):
        st,_,k=line.rstrip().rpartition(' '); k=int(k); fr=st.split(';')
        if mode=='self': c[fr[-1]]+=k
        else:
            for x in set(fr): c[x]+=k
    return c
a,ra,b,rb,mode=sys.argv[1],float(sys.argv[2]),sys.argv[3],float(sys.argv[4]),sys.argv[5]
n=int(sys.argv[6]) if len(sys.argv)>6 else 40
A=load(a,mode); B=load(b,mode)
# ns per resolution: samples are 1 ms; 15 s window
na={k:v*1e6/(15*ra) for k,v in A.items()}; nb={k:v*1e6/(15*rb) for k,v in B.items()}
keys=set(na)|set(nb)
rows=sorted(keys,key=lambda k: -(na.get(k,0)-nb.get(k,0)))
print(f"{'A ns':>8} {'B ns':>8} {'diff':>8}")
for k in rows[:n]: print(f"{na.get(k,0):8.0f} {nb.get(k,0):8.0f} {na.get(k,0)-nb.get(k,0):8.0f} {k[:120]}")
