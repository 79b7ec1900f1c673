import csv,io,collections,unicodedata,re,json
from decimal import Decimal
W='/work/wt-arms/'
def norm(name):
    s=unicodedata.normalize('NFKD',name); s=''.join(c for c in s if not unicodedata.combining(c))
    s=''.join(c.lower() for c in s)
    s=s.replace('&',' and ')
    words=[]
    for w in re.split(r"[^\w'’]|_",s):
        w=''.join(c for c in w if c.isalnum())
        if w: words.append(w)
    if words and words[0]=='the' and len(words)>1: words=words[1:]
    return ' '.join(words)
names={}
for r in csv.DictReader(open(W+'migrations/data/states.csv')):
    names[norm(r['short_name'])]=r['alpha3']; names[norm(r['official_name'])]=r['alpha3']
for f in ['state_aliases.csv','sipri_state_aliases.csv']:
    for r in csv.DictReader(open(W+'migrations/data/'+f)): names[norm(r['alias'])]=r['alpha3']
def res(n): return names.get(norm(n))
def leftreason(s,r):
    a,b=res(s),res(r)
    if a and b: return None
    if not a and b: return 'supplier is not a UN member or observer state: '+s
    if a and not b: return 'recipient is not a UN member or observer state: '+r
    return 'neither party is a UN member or observer state: %s to %s'%(s,r)
out={}
# register
t=open('/work/shared/datasets/sipri/trade-register.csv','rb').read().decode('latin-1')
rows=list(csv.reader(io.StringIO(t)))[12:]
recs=[r for r in rows if not (len(r)==0 or (len(r)==1 and r[0].strip()==''))]
out['reg_rows_read']=len(recs)
d=[];i=0
while i<len(recs):
    r=recs[i]
    if len(r)==13 and i+1<len(recs) and len(recs[i+1])==4:
        d.append(r[:12]+[r[12]+recs[i+1][0]]+recs[i+1][1:]); i+=2
    else: d.append(r); i+=1
out['reg_deals_in_file']=len(d)
left=collections.Counter(); taken=[]
for r in d:
    why=leftreason(r[1],r[0])
    if why: left[why]+=1
    else: taken.append(r)
out['reg_created']=len(taken)
out['reg_left_out_total']=sum(left.values())
out['reg_left_out']=dict(sorted(left.items()))
out['reg_deliveries']=sum(len(set(r[10].split('; '))) for r in taken if r[10])
out['reg_multi_year']=sum(1 for r in taken if len(set(r[10].split('; ')))>1)
us=[r for r in taken if r[1]=='United States' and r[0]=='Israel']
out['reg_us_isr_deals']=len(us)
per=collections.defaultdict(lambda:[0,0,Decimal(0)])
for r in us:
    ys=sorted(set(r[10].split('; ')))
    for y in ys:
        per[y][0]+=1
        if len(ys)==1: per[y][1]+=1; per[y][2]+=Decimal(r[15])
out['reg_us_isr_by_year']={y:[v[0],v[1],str(v[2])] for y,v in sorted(per.items())}
out['reg_us_isr_tiv_delivered_total']=str(sum(Decimal(r[15]) for r in us))
# ids layout
t2=open('/work/shared/datasets/sipri/trade-register-2000-2023-with-ids.csv',encoding='utf-8').read()
r2=[r for r in list(csv.reader(io.StringIO(t2)))[12:] if r]
out['ids_rows_read']=len(r2)
left2=collections.Counter(); taken2=[]
for r in r2:
    why=leftreason(r[1],r[2])
    if why: left2[why]+=1
    else: taken2.append(r)
out['ids_left_out']=dict(sorted(left2.items())); out['ids_left_out_total']=sum(left2.values())
out['ids_deals']=len(set(r[0] for r in taken2)); out['ids_deliveries']=len(taken2)
us2=[r for r in taken2 if r[1]=='United States' and r[2]=='Israel']
per2=collections.defaultdict(lambda:[0,Decimal(0)])
for r in us2: per2[r[10]][0]+=1; per2[r[10]][1]+=Decimal(r[15])
out['ids_us_isr_deals']=len(set(r[0] for r in us2))
out['ids_us_isr_by_year']={y:[v[0],str(v[1])] for y,v in sorted(per2.items())}
json.dump(out,open('/tmp/arms/expect.json','w'),indent=1)
for k,v in out.items():
    if isinstance(v,dict) and len(v)>30: print(k,len(v),'entries')
    else: print(k,v)
# overlap comparison, delivery years 2000-2023
reg=collections.defaultdict(lambda:[Decimal(0),0,0])  # known tiv, split deliveries, unsplit deliveries
for r in taken:
    ys=sorted(set(r[10].split('; ')))
    for y in ys:
        if not ('2000'<=y<='2023'): continue
        k=(res(r[1]),res(r[0]),y)
        if len(ys)==1: reg[k][0]+=Decimal(r[15]); reg[k][1]+=1
        else: reg[k][2]+=1
ids=collections.defaultdict(Decimal)
for r in taken2: ids[(res(r[1]),res(r[2]),r[10])]+=Decimal(r[15])
keys=set(reg)|set(ids)
cat=collections.Counter()
for k in keys:
    if k not in ids: cat['register only']+=1
    elif k not in reg: cat['ids only']+=1
    elif reg[k][2]>0: cat['register not split']+=1
    elif reg[k][0]==ids[k]: cat['agree']+=1
    else: cat['differ']+=1
print('overlap', dict(cat), 'groups', len(keys))
print('US-ISR 2000-2023', {k[2]:(str(reg[k][0]),reg[k][1],reg[k][2],str(ids.get(k))) for k in sorted(keys) if k[0]=='USA' and k[1]=='ISR'})
