#!/usr/bin/env python3
"""Per-file and per-surface table (AUROC, TPR at 1% FPR, Flag FPR, Flag TPR) from `ragpref eval --scores` files.

Usage: python3 eng/eval-table.py NAME=scores.jsonl [NAME=scores.jsonl ...]   (one column per run, same items)
Surfaces pool the items of every file by their `surface`; Flag rates count verdicts other than allow.
"""
import json,sys,collections
def load(path):
    rows=[]
    for l in open(path):
        o=json.loads(l); r=o['result']
        rows.append((o['data'], r['surface'], o['label']=='attack', r['score'], r['verdict']))
    return rows
def auroc(pos,neg):
    allv=sorted([(s,1) for s in pos]+[(s,0) for s in neg]); n=len(allv); r=[0]*n; i=0
    while i<n:
        j=i
        while j+1<n and allv[j+1][0]==allv[i][0]: j+=1
        for k in range(i,j+1): r[k]=(i+j)/2+1
        i=j+1
    rp=sum(r[k] for k in range(n) if allv[k][1]==1)
    return (rp-len(pos)*(len(pos)+1)/2)/(len(pos)*len(neg))
def tpr_at(pos,neg,fpr):
    negs=sorted(neg,reverse=True); allowed=int(fpr*len(negs)+1e-9)
    thr=negs[allowed] if allowed<len(negs) else float('-inf')
    return sum(1 for p in pos if p>thr)/len(pos)
def metrics(rows):
    pos=[r[3] for r in rows if r[2]]; neg=[r[3] for r in rows if not r[2]]
    fa=[r[4]!='allow' for r in rows if r[2]]; fb=[r[4]!='allow' for r in rows if not r[2]]
    a=auroc(pos,neg) if pos and neg else None
    t=tpr_at(pos,neg,0.01) if pos and neg else None
    return len(pos),len(neg),a,t,(sum(fb)/len(fb) if fb else None),(sum(fa)/len(fa) if fa else None)
def fmt(x,p=3): return '-' if x is None else f'{x:.{p}f}'
runs={k:load(v) for k,v in [a.split('=') for a in sys.argv[1:]]}
names=list(runs)
files=['deepset-prompt-injections','agentharm','notinject','injecguard-valid','bipia-tool-outputs','injecagent-tool-outputs']
print('| group | attacks / benign | '+' | '.join(f'{n}: AUROC / TPR@1% / Flag FPR / Flag TPR' for n in names)+' |')
print('|---|---:|'+'---:|'*len(names))
def line(label,sel):
    cells=[]
    for n in names:
        m=metrics([r for r in runs[n] if sel(r)])
        cells.append(f'{fmt(m[2])} / {fmt(m[3],2)} / {fmt(m[4])} / {fmt(m[5])}'); na,nb=m[0],m[1]
    print(f'| {label} | {na} / {nb} | '+' | '.join(cells)+' |')
for f in files: line(f'file {f}', lambda r,f=f: r[0]==f)
for s in ['user_prompt','tool_output']: line(f'surface {s} (pooled)', lambda r,s=s: r[1]==s)
