"""Which crates pay for a wasm module: function-body bytes grouped by crate, from the module's
name section (so run it on wasm-bindgen's output, before wasm-opt strips the names).

    python3 crates/app/size-by-crate.py target/wasm-bindgen/release/hashdrop-app_bg.wasm [rows]

A function is charged to the crate its demangled path starts with; for `<T as Trait>::f` with a
generic `T`, to the trait's crate. Generic code is charged to the crate that defines it even when
another crate instantiated it (tachys' views are the app's pages, send_wrapper's `poll` is the
app's async blocks). Data segments carry no names: the data section is printed as one figure.
"""
import sys, re, collections
def leb(b,i):
    r=s=0
    while True:
        x=b[i];i+=1;r|=(x&0x7f)<<s;s+=7
        if x<0x80: return r,i
def parse(path):
    b=open(path,'rb').read();i=8;secs={}
    while i<len(b):
        sid=b[i];i+=1;sz,i=leb(b,i)
        if sid==0:
            l,j=leb(b,i);nm=b[j:j+l].decode();secs['custom:'+nm]=(j+l,i+sz)
        else: secs[sid]=(i,i+sz)
        i+=sz
    return b,secs
def main(path, top=25):
    b,secs=parse(path)
    # imported functions
    nimp=0
    s,e=secs[2];n,i=leb(b,s)
    for _ in range(n):
        l,i=leb(b,i);i+=l;l,i=leb(b,i);i+=l;k=b[i];i+=1
        if k==0: _,i=leb(b,i);nimp+=1
        elif k==1:
            i+=1;f,i=leb(b,i);_,i=leb(b,i)
            if f&1:_,i=leb(b,i)
        elif k==2:
            f,i=leb(b,i);_,i=leb(b,i)
            if f&1:_,i=leb(b,i)
        elif k==3: i+=2
    sizes=[]
    s,e=secs[10];n,i=leb(b,s)
    for _ in range(n):
        sz,j=leb(b,i);sizes.append(j+sz-i);i=j+sz
    names={}
    s,e=secs['custom:name'];i=s
    while i<e:
        sub=b[i];i+=1;sz,i=leb(b,i)
        if sub==1:
            n,j=leb(b,i)
            for _ in range(n):
                idx,j=leb(b,j);l,j=leb(b,j);names[idx]=b[j:j+l].decode('utf8','replace');j+=l
        i+=sz
    per=collections.Counter();cnt=collections.Counter()
    for k,sz in enumerate(sizes):
        nm=names.get(nimp+k,'?')
        c=crate(nm);per[c]+=sz;cnt[c]+=1
    total=sum(sizes)
    print(f'{path}: {total:,} bytes of function bodies in {len(sizes):,} functions (data section {secs[11][1]-secs[11][0]:,} bytes)')
    print(f'{"crate":28} {"bytes":>10} {"share":>6} {"fns":>6}')
    for c,sz in per.most_common(top):
        print(f'{c:28} {sz:>10,} {100*sz/total:5.1f}% {cnt[c]:>6}')
    rest=sum(sz for c,sz in per.most_common()[top:])
    print(f'{"(others)":28} {rest:>10,} {100*rest/total:5.1f}%')
def crate(nm):
    s=nm
    while True:
        s2=re.sub(r'^(<|&|\*const |\*mut |mut |dyn |\[|\(|impl )','',s)
        if s2==s: break
        s=s2
    s=re.sub(r'^[A-Za-z_][A-Za-z0-9_]* as ','',s)
    m=re.match(r'([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::',s)
    if not m:
        m=re.match(r'(str|f64|f32|u8|u16|u32|u64|usize|i32|i64|isize|char|bool)>?::',s)
        if m: return 'core/alloc (primitive methods)' 
    if m: return m.group(1)
    if re.match(r'^(memcpy|memset|memmove|memcmp|__|dlmalloc|rust_)',s): return '(runtime: '+s.split('(')[0][:20]+')'
    return '(unnamed: '+s[:20]+')'
if __name__=='__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv)>2 else 25)
