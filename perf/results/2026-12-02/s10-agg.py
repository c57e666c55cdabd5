import sys, collections
# usage: agg.py FILE [mode]  -- prints top frames by self and by inclusive (per-thread-group) share
f=sys.argv[1]
tot=0; selfc=collections.Counter(); incl=collections.Counter(); threads=collections.Counter()
for line in open(f):
    st, _, n = line.rstrip().rpartition(' ')
    n=int(n); tot+=n
    frames=st.split(';')
    selfc[frames[-1]]+=n
    for fr in set(frames): incl[fr]+=n
    threads[frames[0]]+=n
print("total samples", tot)
print("== roots"); [print(f"{100*c/tot:5.1f}% {k}") for k,c in threads.most_common(12)]
print("== self"); [print(f"{100*c/tot:5.1f}% {k}") for k,c in selfc.most_common(45)]
